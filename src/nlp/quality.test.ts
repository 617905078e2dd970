/**
 * Quality floors: the figures measured when the committed models were trained (models/manifest.json),
 * minus a margin. The public sets are read from ../shared/data/nlp (in CI they must be there); the own
 * dev split is corpus/dev, written apart from the training rows.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDev } from './train/evaluate.js';
import { SHARED_NLP } from './train/sets.js';

const shared = existsSync(`${SHARED_NLP}nsmc_ko.dev.tsv`);
if (!shared && process.env.CI) throw new Error(`CI: ../shared/data/nlp is missing (${SHARED_NLP}); the quality checks cannot run`);
const dev = evaluateDev();

describe.skipIf(!shared)('public dev sets (../shared/data/nlp)', () => {
  it('nsmc_ko dev: the polarity prior stays at 88 %, the customer sentiment model above 80 %', () => {
    expect(dev.nsmc_ko!.priorAccuracy).toBeGreaterThanOrEqual(0.88);
    expect(dev.nsmc_ko!.accuracy).toBeGreaterThanOrEqual(0.8);
  });
  it('fintweets_en dev macro-F1', () => {
    expect(dev.fintweets_en!.macroF1).toBeGreaterThanOrEqual(0.55);
  });
  it('real English complaints (complaints_en, evaluation only) are found', () => {
    expect(dev.complaints_en!.f1).toBeGreaterThanOrEqual(0.58);
  });
});

describe('own dev split (corpus/dev, written apart)', () => {
  it('Korean complaint F1 and sentiment accuracy', () => {
    expect(dev.own.ko.complaint.f1).toBeGreaterThanOrEqual(0.84);
    expect(dev.own.ko.sentimentAccuracy).toBeGreaterThanOrEqual(0.83);
  });
  it('English complaint F1', () => {
    expect(dev.own.en.complaint.f1).toBeGreaterThanOrEqual(0.8);
  });
  it('every intent F1', () => {
    for (const [name, f] of Object.entries(dev.own.all.intentF1)) expect(f, name).toBeGreaterThanOrEqual(0.69);
    expect(dev.own.all.intentF1.inquiry).toBeGreaterThanOrEqual(0.86);
    expect(dev.own.all.intentF1.churn).toBeGreaterThanOrEqual(0.75);
  });
  it('angry customers are not called abusive', () => {
    expect(dev.own.all.falseAbuseRate).toBeLessThanOrEqual(0.02);
  });
});

// corpus/holdout: 16 writers who never saw a training or dev row (session 11); figures sit well below dev's.
describe('held-out split (corpus/holdout, kept out of training)', () => {
  it('complaint, sentiment, every intent and false abuse', () => {
    expect(dev.holdout.ko.complaint.f1).toBeGreaterThanOrEqual(0.75);
    expect(dev.holdout.en.complaint.f1).toBeGreaterThanOrEqual(0.72);
    expect(dev.holdout.ko.sentimentAccuracy).toBeGreaterThanOrEqual(0.82);
    for (const [name, f] of Object.entries(dev.holdout.all.intentF1)) expect(f, name).toBeGreaterThanOrEqual(0.73);
    expect(dev.holdout.all.falseAbuseRate).toBeLessThanOrEqual(0.02);
  });
});
