/** Dev-set scores of the committed models, through the same code the product runs. */
import { existsSync } from 'node:fs';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS, createAnalyzer, defaultModelsDir } from '../index.js';
import { LinearModel } from '../model/linear-model.js';
import { SentimentClassifier } from '../tasks/classifiers.js';
import { fintweets, hate, messages, nsmc, SHARED_NLP } from './sets.js';
import { accuracy, f1For, macroF1 } from './metrics.js';

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

export interface DevScores {
  nsmc_ko?: { accuracy: number };
  fintweets_en?: { macroF1: number; accuracy: number };
  hate_ko?: { macroF1: number; accuracy: number };
  messages: {
    intentF1: Record<string, number>;
    complaint: { precision: number; recall: number; f1: number };
    intentMicroF1: number;
    sentimentMacroF1: number;
  };
}

export function evaluateDev(modelsDir = defaultModelsDir()): DevScores {
  const analyzer = createAnalyzer({ modelsDir, explain: false });
  const out: Partial<DevScores> = {};
  if (existsSync(`${SHARED_NLP}nsmc_ko.dev.tsv`)) {
    const s = new SentimentClassifier(LinearModel.load(`${modelsDir}/sentiment-ko.bin.gz`), LinearModel.load(`${modelsDir}/sentiment-en.bin.gz`));
    const dev = nsmc('dev');
    out.nsmc_ko = { accuracy: r4(accuracy(dev.map((r) => r.y), dev.map((r) => (s.polarity(r.text) > 0 ? 1 : 0)))) };
    const fin = fintweets('dev');
    const finPred = fin.map((r) => SENTIMENT_LABELS.indexOf(s.classify(r.text, 'en', false).label));
    out.fintweets_en = { macroF1: r4(macroF1(fin.map((r) => r.y), finPred, 3)), accuracy: r4(accuracy(fin.map((r) => r.y), finPred)) };
    const h = hate('dev');
    const hPred = h.map((r) => ABUSE_LABELS.indexOf(analyzer.abuse(r.text).label));
    out.hate_ko = { macroF1: r4(macroF1(h.map((r) => r.y), hPred, 3)), accuracy: r4(accuracy(h.map((r) => r.y), hPred)) };
  }
  const dev = messages('dev');
  const preds = dev.map((m) => analyzer.intents(m.text).labels);
  const intentF1: Record<string, number> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  INTENT_LABELS.forEach((name, k) => {
    const gold = dev.map((m) => ((m.intents >> k) & 1) === 1);
    const pred = preds.map((p) => p.includes(name));
    intentF1[name] = r4(f1For(gold, pred).f1);
    gold.forEach((g, i) => {
      if (g && pred[i]) tp++;
      else if (pred[i]) fp++;
      else if (g) fn++;
    });
  });
  const c = f1For(dev.map((m) => (m.intents & 1) === 1), preds.map((p) => p.includes('complaint')));
  const sentPred = dev.map((m) => SENTIMENT_LABELS.indexOf(analyzer.sentiment(m.text).label));
  out.messages = {
    intentF1,
    complaint: { precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1) },
    intentMicroF1: r4((2 * tp) / (2 * tp + fp + fn)),
    sentimentMacroF1: r4(macroF1(dev.map((m) => m.sentiment), sentPred, 3)),
  };
  return out as DevScores;
}
