import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC } from '../model/features.js';
import { LinearModel, decodeModel, encodeModel } from '../model/linear-model.js';
import { encode, nbRatios, trainLinear } from './linear.js';
import { quantize } from './quantize.js';
import { fitTemperature } from './calibrate.js';
import { messages, readCorpusFile } from './sets.js';

const spec = { ...DEFAULT_SPEC, bits: 14 };
const toy = [...['좋아요 최고', '정말 좋다', '최고의 서비스', '좋네요 감사'].map((text) => ({ text, y: 1 })), ...['별로예요 최악', '정말 싫다', '최악의 서비스', '싫네요 짜증'].map((text) => ({ text, y: 0 }))];

describe('training', () => {
  it('a linear model learns a toy polarity task, deterministically', () => {
    const data = encode(toy, spec);
    const W1 = trainLinear(data, spec, { classes: 2, epochs: 20, lr: 0.5, seed: 3 });
    const W2 = trainLinear(data, spec, { classes: 2, epochs: 20, lr: 0.5, seed: 3 });
    expect(W1).toEqual(W2);
    const { q, scales } = quantize(W1, 2);
    const model = new LinearModel({ name: 't', spec, outputs: ['neg', 'pos'], scales, meta: {} }, q);
    const s = model.score('좋아요 감사');
    expect(s[1]!).toBeGreaterThan(s[0]!);
    const t = model.score('최악 짜증');
    expect(t[0]!).toBeGreaterThan(t[1]!);
    expect(model.explain('최고 좋아요 최악', [-1, 1], 3)[0]!.term).toMatch(/최고|좋아요/);
  });

  it('NB ratios are positive for positive-only features', () => {
    const data = encode(toy, spec);
    const r = nbRatios(data, spec.bits, 0.5);
    const m = new LinearModel(
      { name: 'r', spec, outputs: ['r'], scales: [1], meta: {} },
      Int8Array.from(r, (v) => Math.round(v * 10)),
    );
    expect(m.score('좋아요')[0]!).toBeGreaterThan(0);
  });

  it('model files round-trip through encode/gzip/decode', () => {
    const weights = Int8Array.from({ length: (1 << 10) * 2 }, (_, i) => (i % 7) - 3);
    const header = { name: 'x', spec: { ...spec, bits: 10 }, outputs: ['a', 'b'], scales: [0.1, 0.2], meta: { temperature: 1.5 } };
    const back = decodeModel(gunzipSync(gzipSync(encodeModel(header, weights))));
    expect(back.header).toEqual(header);
    expect(back.weights).toEqual(weights);
    expect(() => decodeModel(Buffer.from('nope'))).toThrow(/not a Sotong model/);
  });

  it('temperature scaling softens over-confident scores', () => {
    const scores = [
      [5, -5],
      [5, -5],
      [5, -5],
      [-5, 5],
    ];
    const labels = [0, 0, 1, 1]; // one confident mistake in four
    expect(fitTemperature(scores, labels)).toBeGreaterThan(1.5);
  });
});

describe('the hand-written corpus (corpus/train, corpus/dev, corpus/holdout)', () => {
  const train = messages('train');
  const dev = messages('dev');
  const holdout = messages('holdout');
  const norm = (t: string): string => t.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

  it('has the rows docs/labelling.md describes, with unique ids and every label represented', () => {
    const ko = [...train, ...dev].filter((m) => m.lang === 'ko').length;
    const en = [...train, ...dev].filter((m) => m.lang !== 'ko').length;
    expect(ko).toBeGreaterThanOrEqual(6000);
    expect(en).toBeGreaterThanOrEqual(2500);
    const ids = [...train, ...dev, ...holdout].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rows of [train, dev, holdout]) {
      for (let k = 0; k < 6; k++) expect(rows.some((m) => ((m.intents >> k) & 1) === 1)).toBe(true);
      for (let s = 0; s < 3; s++) expect(rows.some((m) => m.sentiment === s)).toBe(true);
      expect(rows.some((m) => m.abuse > 0)).toBe(true);
    }
  });

  // Chat lines of a word or two ("네", "상담원 연결") are written alike by anyone; longer texts never repeat.
  const long = (t: string): boolean => [...norm(t)].length > 6;

  it('no text is repeated, and no dev text appears in training', () => {
    const trainLong = train.map((m) => norm(m.text)).filter(long);
    const seen = new Set(trainLong);
    expect(seen.size).toBe(trainLong.length);
    const devLong = dev.map((m) => norm(m.text)).filter(long);
    expect(new Set(devLong).size).toBe(devLong.length);
    for (const t of devLong) expect(seen.has(t), t).toBe(false);
    const short = dev.filter((m) => !long(m.text) && new Set(train.map((x) => norm(x.text))).has(norm(m.text)));
    expect(short.length).toBeLessThan(10);
  });

  it('dev rows are written by writers who wrote no training rows', () => {
    const trainWriters = new Set(train.map((m) => m.writer));
    for (const w of new Set(dev.map((m) => m.writer))) expect(trainWriters.has(w)).toBe(false);
  });

  it('the held-out rows share no writer and no text with training or dev', () => {
    const others = new Set([...train, ...dev].map((m) => m.writer));
    for (const w of new Set(holdout.map((m) => m.writer))) expect(others.has(w), w).toBe(false);
    const hold = holdout.map((m) => norm(m.text)).filter(long);
    expect(new Set(hold).size).toBe(hold.length);
    const seen = new Set([...train, ...dev].map((m) => norm(m.text)));
    for (const t of hold) expect(seen.has(t), t).toBe(false);
    const short = holdout.filter((m) => !long(m.text) && seen.has(norm(m.text)));
    expect(short.length).toBeLessThan(10);
  });

  it('malformed rows are refused with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const f = join(dir, 'x.tsv');
    writeFileSync(f, 'id\ttext\tlang\tsector\tchannel\tspeaker\tintents\tsentiment\tabuse\twriter\n1\thi\ten\tbank\tx\tcustomer\tcomplain\tnegative\tnone\tw\n');
    expect(() => readCorpusFile(f)).toThrow(/x\.tsv:2: unknown intent/);
  });
});
