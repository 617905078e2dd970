import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from './support.js';

const run = promisify(execFile);
let server: TestServer;
let home: string;
beforeAll(async () => {
  server = await startTestServer();
  await seedPeople(server);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'toot-'));
}, 180_000);
afterAll(async () => {
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const env = () => ({ ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), NO_COLOR: '1' });
const hostPort = () => new URL(server.url).host;

function toot(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('toot', args, { env: env() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

describe('toot (Debian) against the Mastodon client API', () => {
  it('logs in with e-mail and password, posts, follows by search, reads the home and tag timelines; a post with a card number is held', async () => {
    const [kim, lee] = PEOPLE;
    const login = await toot(['login_cli', '--disable-https', '-i', hostPort(), '-e', lee!.email], `${lee!.password}\n`);
    expect(login.code, login.out + login.err).toBe(0);
    const who = await toot(['whoami']);
    expect(who.out).toContain('이지영');
    const posted = await toot(['post', '여신심사 체크리스트 정리했습니다 #여신심사 #업무팁']);
    expect(posted.code, posted.err).toBe(0);
    const follow = await toot(['follow', 'kim_minsu']);
    expect(follow.code, follow.out + follow.err).toBe(0);
    const tl = await toot(['timeline', '--once']);
    expect(tl.out + tl.err).toContain('여신심사 체크리스트');
    const tag = await toot(['timeline', '--tag', '여신심사', '--once']);
    expect(tag.out).toContain('여신심사 체크리스트');
    const held = await toot(['post', '고객 카드번호 5555-5555-5555-4444 분실 신고 건']);
    expect(held.code).not.toBe(0);
    expect(held.out + held.err).toMatch(/보류|held/);
    const pub = await toot(['timeline', '--public', '--local', '--once']);
    expect(pub.out).not.toContain('5555');
  }, 240_000);
});

describe('Mastodon.py (Debian python3-mastodon) against the Mastodon client API', () => {
  it('logs in (form-encoded password grant), posts a poll, votes, follows by search, pages a tag timeline, posts an image; a confidential post and a customer spreadsheet are held', async () => {
    const [, , park, kim] = [PEOPLE[0], PEOPLE[1], PEOPLE[2], PEOPLE[0]];
    const { stdout } = await run('/usr/bin/python3', [path.join(import.meta.dirname, 'mastodon_py_client.py'), server.url, park!.email, park!.password, kim!.name], { env: env(), timeout: 60_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.me).toBe('박준호');
    expect(r.poll_options).toEqual(['예', '아니오']);
    expect(r.vote).toEqual([0]);
    expect(r.following).toBe(true);
    expect(r.pages.map((p: string[]) => p.length)).toEqual([3, 3, 1]);
    expect(new Set(r.pages.flat()).size).toBe(7);
    expect(r.held).toMatch(/보류|held/);
    // Media: an image goes up, shows with the post and is served back byte for byte; a CSV holds its post.
    expect(r.media_type).toBe('image');
    expect(r.attached).toHaveLength(1);
    expect(r.served_equal).toBe(true);
    expect(r.description).toBe('지점 안내 사진');
    expect(r.held_file).toMatch(/보류|held/);
  }, 240_000);
});
