import type { Readable, Writable } from 'node:stream';

/** What a command may touch; tests pass their own streams. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** One `sotong <name> ...` command. `run` returns the exit code; it never calls process.exit. */
export interface CliCommand {
  name: string;
  /** One line for `sotong --help`. */
  summary: string;
  /** Full text for `sotong <name> --help`. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Bad arguments: printed as one line (`sotong: <message>`), exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;
