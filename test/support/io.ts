import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliIO } from '../../src/cli/command.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sotong ...` in this process with captured streams and the given environment. */
export async function runCli(argv: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const io: CliIO = { stdin: Readable.from([stdin]), stdout: out, stderr: err, env: { LOG_LEVEL: 'silent', ...env } };
  const code = await main(argv, io);
  return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}
