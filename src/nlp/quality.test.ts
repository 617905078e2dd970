/**
 * Quality floors on the dev sets (the figures measured when the committed models were trained,
 * minus a small margin). Reads ../shared/data/nlp when present; the own dev set is in corpus/.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnalyzer, INTENT_LABELS, SENTIMENT_LABELS, ABUSE_LABELS } from './index.js';
import { SentimentClassifier } from './tasks/classifiers.js';
import { LinearModel } from './model/linear-model.js';
import { fintweets, hate, messages, nsmc, SHARED_NLP } from './train/sets.js';
import { accuracy, f1For, macroF1 } from './train/metrics.js';
import { defaultModelsDir } from './index.js';

const shared = existsSync(`${SHARED_NLP}nsmc_ko.dev.tsv`);
const analyzer = createAnalyzer({ explain: false });

describe.skipIf(!shared)('dev-set quality floors (../shared/data/nlp)', () => {
  it('nsmc_ko dev accuracy', () => {
    const dir = defaultModelsDir();
    const s = new SentimentClassifier(LinearModel.load(`${dir}/sentiment-ko.bin.gz`), LinearModel.load(`${dir}/sentiment-en.bin.gz`));
    const dev = nsmc('dev');
    const acc = accuracy(dev.map((r) => r.y), dev.map((r) => (s.polarity(r.text) > 0 ? 1 : 0)));
    expect(acc).toBeGreaterThanOrEqual(0.875);
  });

  it('fintweets_en dev macro-F1', () => {
    const dev = fintweets('dev');
    const pred = dev.map((r) => SENTIMENT_LABELS.indexOf(analyzer.sentiment(r.text).label));
    expect(macroF1(dev.map((r) => r.y), pred, 3)).toBeGreaterThanOrEqual(0.7);
  });

  it('hate_ko dev macro-F1', () => {
    const dev = hate('dev');
    const pred = dev.map((r) => ABUSE_LABELS.indexOf(analyzer.abuse(r.text).label));
    expect(macroF1(dev.map((r) => r.y), pred, 3)).toBeGreaterThanOrEqual(0.54);
  });
});

describe('own corpus dev quality floors (corpus/messages.dev.tsv)', () => {
  const dev = messages('dev');
  const preds = dev.map((m) => analyzer.intents(m.text).labels);
  it('complaint F1 ≥ 0.85', () => {
    const f = f1For(dev.map((m) => (m.intents & 1) === 1), preds.map((p) => p.includes('complaint'))).f1;
    expect(f).toBeGreaterThanOrEqual(0.85);
  });
  it('every intent F1 ≥ 0.6', () => {
    INTENT_LABELS.forEach((name, k) => {
      const f = f1For(dev.map((m) => ((m.intents >> k) & 1) === 1), preds.map((p) => p.includes(name))).f1;
      expect(f, name).toBeGreaterThanOrEqual(0.6);
    });
  });
});
