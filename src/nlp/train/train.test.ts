import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC } from '../model/features.js';
import { LinearModel, decodeModel, encodeModel } from '../model/linear-model.js';
import { encode, nbRatios, trainLinear } from './linear.js';
import { quantize } from './quantize.js';
import { bandLogits, fitBand, fitTemperature, softmax } from './calibrate.js';
import { generate, toTsv } from './corpus/generate.js';
import { KO_TEMPLATES } from './corpus/templates-ko.js';
import { EN_TEMPLATES } from './corpus/templates-en.js';
import { EXTRA_TEMPLATES } from './corpus/templates-extra.js';
import { DEV_TEMPLATES } from './corpus/templates-dev.js';
import { REPO_ROOT } from './sets.js';

const spec = { ...DEFAULT_SPEC, bits: 14 };
const toy = [
  ...['좋아요 최고', '정말 좋다', '최고의 서비스', '좋네요 감사'].map((text) => ({ text, y: 1 })),
  ...['별로예요 최악', '정말 싫다', '최악의 서비스', '싫네요 짜증'].map((text) => ({ text, y: 0 })),
];

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
    const m = new LinearModel({ name: 'r', spec, outputs: ['r'], scales: [1], meta: {} }, Int8Array.from(r, (v) => Math.round(v * 10)));
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
    const scores = [[5, -5], [5, -5], [5, -5], [-5, 5]];
    const labels = [0, 0, 1, 1]; // one confident mistake in four
    expect(fitTemperature(scores, labels)).toBeGreaterThan(1.5);
  });

  it('the neutral band puts neutral rows near z = 0', () => {
    const rows = [
      ...[-4, -3, -2.5].map((z) => ({ z, y: 0, w: 1 })),
      ...[-0.3, 0, 0.2, 0.4, -0.1].map((z) => ({ z, y: 1, w: 1 })),
      ...[2.5, 3, 4].map((z) => ({ z, y: 2, w: 1 })),
    ];
    const band = fitBand(rows, 2000);
    expect(softmax(bandLogits(0, band))[1]!).toBeGreaterThan(0.5);
    expect(softmax(bandLogits(4, band))[2]!).toBeGreaterThan(0.8);
    expect(softmax(bandLogits(-4, band))[0]!).toBeGreaterThan(0.8);
  });
});

describe('corpus generator', () => {
  it('regenerates the committed corpus byte for byte', () => {
    const train = generate([...KO_TEMPLATES, ...EN_TEMPLATES, ...EXTRA_TEMPLATES], 3000, 20261123, 'msg-tr-');
    const dev = generate(DEV_TEMPLATES, 700, 7, 'msg-dev-');
    expect(toTsv(train)).toBe(readFileSync(`${REPO_ROOT}corpus/messages.train.tsv`, 'utf8'));
    expect(toTsv(dev)).toBe(readFileSync(`${REPO_ROOT}corpus/messages.dev.tsv`, 'utf8'));
  });

  it('dev templates are not training templates, and every label is represented', () => {
    const trainBodies = new Set([...KO_TEMPLATES, ...EN_TEMPLATES, ...EXTRA_TEMPLATES].map((t) => t.split('|').slice(2).join('|')));
    for (const t of DEV_TEMPLATES) expect(trainBodies.has(t.split('|').slice(2).join('|'))).toBe(false);
    const rows = generate(DEV_TEMPLATES, 700, 7, 'd');
    for (const label of ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const) {
      expect(rows.some((r) => r.intents.includes(label))).toBe(true);
    }
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('a question that is not a complaint is also an inquiry', () => {
    const rows = generate(['L|0|카드 새로 만들 수 있나요?', 'C|n|이게 말이 되나요?'], 2, 1, 'q');
    const byTemplate = Object.fromEntries(rows.map((r) => [r.template, r.intents]));
    expect(byTemplate[0]).toEqual(['inquiry', 'purchase']);
    expect(byTemplate[1]).toEqual(['complaint']);
  });
});
