/** Who is doing something: a user, an API token, or the system itself (jobs, CLI). */
export interface Actor {
  userId: string | null;
  tokenId?: string;
  /** Human-readable: the user's e-mail, "token:<name>", "system", "cli". */
  label: string;
  ip?: string;
}

export const systemActor: Actor = { userId: null, label: 'system' };
export const cliActor: Actor = { userId: null, label: 'cli' };
