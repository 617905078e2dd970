import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/io.js';

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const check = async (channel: string, text: string, extra: string[] = []) => {
  const r = await runCli(['publish', 'check', '--channel', channel, '--in', file(`post-${Math.random()}.txt`, text), ...extra], {});
  return { ...r, json: r.code < 2 ? JSON.parse(r.stdout) : null };
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-publish-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sotong publish check', () => {
  it('passes a clean loan post with its disclosures and prints the JSON shape', async () => {
    const text = '소통은행 직장인 신용대출 연 4.5%~7.9% (기준금리+가산금리). 과도한 빚은 당신에게 큰 불행을 안겨줄 수 있습니다. 대출 시 신용평점이 하락할 수 있습니다. 계약 전 상품설명서와 약관을 확인하세요.';
    const r = await check('x', text, ['--product', 'loan']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json)).toEqual(['channel', 'unit', 'length', 'limit', 'ok', 'findings']);
    expect(r.json).toMatchObject({ channel: 'x', unit: 'x-weighted', limit: 280, ok: true, findings: [] });
    expect(r.json.length).toBeGreaterThan(text.length); // Hangul weighs 2
  });

  it('blocks a claim and a missing disclosure (exit 1); offsets slice back to the file text', async () => {
    const text = '🎉 원금보장! 무조건 수익 나는 펀드 https://evil.example/x';
    const r = await check('bluesky', text, ['--product', 'investment']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.unit).toBe('graphemes');
    const rules = r.json.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['claim.principal_guarantee', 'claim.certain_return', 'disclosure.investment_loss', 'link.unknown_host']));
    for (const f of r.json.findings) {
      expect(Object.keys(f)).toEqual(['type', 'start', 'end', 'text', 'rule']);
      expect(text.slice(f.start, f.end)).toBe(f.text);
    }
    const allowed = await check('bluesky', 'https://bank.example/fund', ['--allow-host', 'bank.example']);
    expect(allowed.json.findings).toEqual([]);
    expect(allowed.code).toBe(0);
  });

  it("counts in each channel's own unit and fails when over the limit", async () => {
    const url = `https://bank.example/${'a'.repeat(200)}`;
    expect((await check('x', `가${url}`)).json.length).toBe(2 + 23);
    expect((await check('mastodon', `가${url}`)).json).toMatchObject({ unit: 'characters', length: 24, limit: 500 });
    expect((await check('bluesky', '👍🏽👨‍👩‍👧가')).json.length).toBe(3);
    expect((await check('instagram', 'a'.repeat(2200))).code).toBe(0);
    const over = await check('instagram', 'a'.repeat(2201));
    expect(over.code).toBe(1);
    expect(over.json).toMatchObject({ ok: false, length: 2201, limit: 2200, findings: [] });
    expect((await check('facebook', 'b'.repeat(63_207))).json).toMatchObject({ ok: false, limit: 63_206 });
    expect((await check('x', '가'.repeat(141))).code).toBe(1);
    expect((await check('blog', 'c'.repeat(100_000))).json).toMatchObject({ ok: true, limit: null, length: 100_000 });
  });

  it('holds crisis words only with --crisis; warnings alone do not fail', async () => {
    expect((await check('x', '경품 이벤트!')).code).toBe(0);
    const crisis = await check('x', '경품 이벤트!', ['--crisis']);
    expect(crisis.code).toBe(1);
    expect(crisis.json.findings.map((f: { type: string }) => f.type)).toEqual(['crisis_word', 'crisis_word']);
    const warn = await check('x', '업계 최저 금리');
    expect(warn.code).toBe(0);
    expect(warn.json.findings[0].rule).toBe('claim.superlative');
  });

  it('refuses bad input with one line and exit 2', async () => {
    const cases: string[][] = [
      ['publish', 'check', '--channel', 'myspace', '--in', file('a.txt', 'hi')],
      ['publish', 'check', '--in', file('b.txt', 'hi')],
      ['publish', 'check', '--channel', 'x'],
      ['publish', 'check', '--channel', 'x', '--in', path.join(dir, 'missing.txt')],
      ['publish', 'check', '--channel', 'x', '--in', file('c.txt', 'hi'), '--product', 'crypto'],
      ['publish', 'check', '--channel', 'x', '--in', file('d.bin', Buffer.from([0xff, 0xfe, 0xc3, 0x28]))],
      ['publish', 'check', '--channel', 'x', '--in', dir],
      ['publish', 'check', '--bogus'],
      ['publish', 'send'],
    ];
    for (const argv of cases) {
      const r = await runCli(argv, {});
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('reads standard input with --in -', async () => {
    const r = await runCli(['publish', 'check', '--channel', 'mastodon', '--in', '-'], {}, '고객님 연락처 010-1234-5678');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([{ type: 'personal_data', start: 8, end: 21, text: '010-1234-5678', rule: 'pii.phone' }]);
  });
});
