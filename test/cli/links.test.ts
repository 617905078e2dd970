import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/io.js';

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-links-cli-'));
  env = { SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), SOTONG_LINKS_BASE_URL: 'https://go.bank.example' };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sotong links create', () => {
  it('prints the short URL on the configured base and refuses bad input in one line', async () => {
    expect((await runCli(['workspace', 'add', '--name', '소통은행', '--slug', 'sotong-bank'], env)).code).toBe(0);
    const made = await runCli(['links', 'create', '--workspace', 'sotong-bank', '--url', 'https://bank.example/card', '--campaign', '봄', '--channel', 'x'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^https:\/\/go\.bank\.example\/l\/[A-Za-z0-9]{8}\n$/);
    const other = await runCli(['links', 'create', '--workspace', 'sotong-bank', '--url', 'https://bank.example/card', '--channel', 'facebook'], env);
    expect(other.stdout).not.toBe(made.stdout);
    for (const [args, message] of [
      [['links', 'create', '--workspace', 'sotong-bank', '--url', 'javascript:alert(1)'], 'http'],
      [['links', 'create', '--workspace', 'nope', '--url', 'https://bank.example/'], 'no workspace "nope"'],
      [['links', 'create', '--url', 'https://bank.example/'], '--workspace is required'],
      [['links', 'create', '--workspace', 'sotong-bank', '--url', 'https://bank.example/', '--expires', 'soon'], '--expires'],
      [['links', 'frob'], 'unknown subcommand'],
    ] as const) {
      const r = await runCli([...args], env);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
    const past = await runCli(['links', 'create', '--workspace', 'sotong-bank', '--url', 'https://bank.example/', '--expires', '2001-01-01'], env);
    expect(past.code).toBe(1);
    expect(past.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
