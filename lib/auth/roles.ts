/** Who may do what. Checked on the server by every page, server action and route handler. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const ROLE_ABILITIES: Record<Role, string> = {
  viewer: 'reads runs, comparisons, capacity plans and targets; exports',
  operator: 'also starts and cancels runs, manages targets and share links',
  admin: 'also manages users and revokes anyone’s share links',
};

/** True when `role` is at least `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
