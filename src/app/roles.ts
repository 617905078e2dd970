export const ALL_ROLES = ['web', 'worker', 'scheduler', 'links'] as const;
export type ProcessRole = (typeof ALL_ROLES)[number];
