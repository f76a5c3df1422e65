/** A configuration mistake: the message says what is wrong and how to fix it. The CLI exits 2 on it. */
export class ConfigError extends Error {}
