/**
 * The contract profiles: `strict` (what Rocket.Chat's source guarantees) and `documented` (what its
 * documentation promises). The one home of that list: configuration, schemas and checks read it here.
 */
export type ContractProfile = 'strict' | 'documented';

export const CONTRACT_PROFILES: readonly ContractProfile[] = ['strict', 'documented'];
