import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { runCli } from '../support/io.js';

let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-people-'));
  env = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: path.join(dir, 'data'), SOTONG_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };
});
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rows(text: string) {
  const c = new pg.Client({ connectionString: tdb.url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('sotong people import', () => {
  it('imports the directory (profiles tied to logins), is idempotent, deactivates, and reports bad rows', async () => {
    expect((await runCli(['workspace', 'add', '--name', '한빛은행', '--slug', 'hanbit'], env)).code).toBe(0);
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(
      file,
      '\uFEFFemail,name,department,title,extension,employee_no,status\r\nkim@hanbit.test,김민수,"디지털금융부, 채널팀",차장,2101,E1,active\r\nlee@hanbit.test,이지영,소비자보호부,과장,3302,E2,active\r\nnot-an-email,홍길동,,,,,active\r\n',
    );
    const first = await runCli(['people', 'import', file, '--workspace', 'hanbit'], env);
    expect(first.stdout).toContain('2 created');
    expect(first.stderr).toContain('line 4');
    expect(first.code).toBe(3);
    const people = await rows('select p.username, p.display_name, p.department, u.email, m.role from mb_people p join users u on u.id = p.user_id join memberships m on m.user_id = u.id and m.workspace_id = p.workspace_id order by 1');
    expect(people).toEqual([
      { username: 'kim', display_name: '김민수', department: '디지털금융부, 채널팀', email: 'kim@hanbit.test', role: 'employee' },
      { username: 'lee', display_name: '이지영', department: '소비자보호부', email: 'lee@hanbit.test', role: 'employee' },
    ]);
    const again = await runCli(['people', 'import', file, '--workspace', 'hanbit'], env);
    expect(again.stdout).toContain('0 created, 0 updated, 0 deactivated');
    fs.writeFileSync(file, 'email,name,status\nlee@hanbit.test,이지영,inactive\n');
    const off = await runCli(['people', 'import', file, '--workspace', 'hanbit'], env);
    expect(off.stdout).toContain('1 deactivated');
    expect(await rows("select active from mb_people where username = 'lee'")).toEqual([{ active: false }]);
    const bad = await runCli(['people', 'import', path.join(dir, 'missing.csv'), '--workspace', 'hanbit'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    fs.writeFileSync(file, 'mail,fullname\nx,y\n');
    const header = await runCli(['people', 'import', file, '--workspace', 'hanbit'], env);
    expect(header.code).not.toBe(0);
    expect(header.stderr).toContain('email');
  }, 60_000);
});
