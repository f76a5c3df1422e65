import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root directory, computed once here (this file is src/core/project-root.ts).
 * fileURLToPath, not URL.pathname: the latter keeps %20 for a space and breaks on such paths.
 */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
