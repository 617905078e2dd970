import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliIO } from '../command.js';
import { analyzeCommand } from './analyze.js';

function memoryIO(input: string): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdin: Readable.from([input]), stdout, stderr, env: {} }, out: () => out, err: () => err };
}

const rows = (tsv: string): string[][] =>
  tsv
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));

const INPUT = ['id\tsource\ttext', '1\tx\t앱이 또 먹통이에요 진짜 최악입니다 환불해 주세요', '2\tx\t상담원분이 친절하게 도와주셔서 감사했어요 👍', '3\tx\tI was charged a fee I never agreed to, this is unacceptable'].join('\n');

describe('sotong analyze', () => {
  it('writes sentiment with a header and one probability column per label', async () => {
    const { io, out, err } = memoryIO(INPUT + '\n');
    const code = await analyzeCommand.run(['--task', 'sentiment', '--in', '-', '--out', '-'], io);
    expect(err()).toBe('');
    expect(code).toBe(EXIT.ok);
    const t = rows(out());
    expect(t[0]).toEqual(['id', 'label', 'p_negative', 'p_neutral', 'p_positive']);
    expect(t).toHaveLength(4);
    expect(t[1]![1]).toBe('negative');
    expect(t[2]![1]).toBe('positive');
    for (const r of t.slice(1)) {
      const sum = r.slice(2).reduce((s, p) => s + Number(p), 0);
      expect(sum).toBeCloseTo(1, 2);
    }
  });

  it('complaint, abuse and intent columns follow the spec', async () => {
    const expected: Record<string, string[]> = {
      complaint: ['p_complaint', 'p_not_complaint'],
      abuse: ['p_none', 'p_offensive', 'p_hate'],
      intent: ['p_complaint', 'p_inquiry', 'p_praise', 'p_purchase', 'p_churn', 'p_fraud'],
      language: ['p_ko', 'p_en', 'p_other', 'p_mixed'],
    };
    for (const [task, cols] of Object.entries(expected)) {
      const { io, out } = memoryIO(INPUT);
      expect(await analyzeCommand.run([`--task=${task}`], io)).toBe(EXIT.ok);
      const t = rows(out());
      expect(t[0]).toEqual(['id', 'label', ...cols]);
      expect(t).toHaveLength(4);
    }
    const { io, out } = memoryIO(INPUT);
    await analyzeCommand.run(['--task', 'complaint'], io);
    expect(rows(out())[1]![1]).toBe('complaint');
    expect(rows(out())[2]![1]).toBe('not_complaint');
  });

  it('tokens: the words of each text in dictionary form', async () => {
    const input = 'id\ttext\n1\t토스로 갈아탔어요 앱이 빨라졌어요\n2\t불편해서 까먹었네 Charges\n';
    const { io, out, err } = memoryIO(input);
    const code = await analyzeCommand.run(['--task', 'tokens'], io);
    expect(err()).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(rows(out())).toEqual([
      ['id', 'terms'],
      ['1', '토스 갈아타다 앱 빨라지다'],
      ['2', '불편하다 까먹다 charge'],
    ]);
  });

  it('pii masks in the output', async () => {
    const { io, out } = memoryIO('id\ttext\n7\t제 번호 010-1234-5678 로 연락 주세요\n8\t개인정보 없음\n');
    expect(await analyzeCommand.run(['--task', 'pii'], io)).toBe(EXIT.ok);
    const t = rows(out());
    expect(t[0]).toEqual(['id', 'label', 'p_pii', 'findings', 'masked']);
    expect(t[1]!.slice(0, 2)).toEqual(['7', 'pii']);
    expect(t[1]![3]).toMatch(/^phone:5-18:0\.9\d$/);
    expect(t[1]![4]).toBe('제 번호 010-****-5678 로 연락 주세요');
    expect(t[2]![1]).toBe('none');
  });

  it('reports malformed rows with line numbers, skips them and exits 3', async () => {
    const input = 'id\ttext\n1\t좋아요\nbroken-row-without-tab\n\t빈 아이디\n4\t별로예요\n';
    const { io, out, err } = memoryIO(input);
    const code = await analyzeCommand.run(['--task', 'language'], io);
    expect(code).toBe(EXIT.partial);
    expect(err()).toContain('line 3');
    expect(err()).toContain('line 4');
    expect(rows(out()).map((r) => r[0])).toEqual(['id', '1', '4']);
  });

  it('fails on a header without id/text', async () => {
    const { io, err } = memoryIO('name\tbody\na\tb\n');
    expect(await analyzeCommand.run(['--task', 'sentiment'], io)).toBe(EXIT.failure);
    expect(err()).toContain('line 1');
  });

  it('reads and writes files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sotong-analyze-'));
    writeFileSync(join(dir, 'in.tsv'), INPUT);
    const { io } = memoryIO('');
    expect(await analyzeCommand.run(['--task', 'abuse', '--in', join(dir, 'in.tsv'), '--out', join(dir, 'out.tsv')], io)).toBe(EXIT.ok);
    expect(rows(readFileSync(join(dir, 'out.tsv'), 'utf8'))).toHaveLength(4);
  });

  it('rejects bad arguments with UsageError', async () => {
    const { io } = memoryIO('');
    await expect(analyzeCommand.run([], io)).rejects.toBeInstanceOf(UsageError);
    await expect(analyzeCommand.run(['--task', 'poetry'], io)).rejects.toThrow(/unknown task/);
    await expect(analyzeCommand.run(['--task'], io)).rejects.toThrow(/needs a value/);
    await expect(analyzeCommand.run(['--task', 'pii', '--bogus'], io)).rejects.toThrow(/unknown argument/);
  });

  it('prints usage on --help', async () => {
    const { io, out } = memoryIO('');
    expect(await analyzeCommand.run(['--help'], io)).toBe(EXIT.ok);
    expect(out()).toContain('sotong analyze --task');
  });
});
