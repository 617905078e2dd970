/**
 * Dev-set scores of the committed models, through the same code the product runs. The own dev split
 * (corpus/dev) is written apart from the training rows; its figures are reported per writer, channel
 * and speaker so a figure carried by one source shows.
 */
import { existsSync } from 'node:fs';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS, createAnalyzer, defaultModelsDir, type Analyzer } from '../index.js';
import { complaintsEn, fintweets, hate, messages, nsmc, SHARED_NLP, type Message } from './sets.js';
import { accuracy, f1For, macroF1 } from './metrics.js';

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

export interface Slice {
  rows: number;
  complaintF1: number;
  sentimentAccuracy: number;
}

export interface OwnScores {
  rows: number;
  complaint: { precision: number; recall: number; f1: number };
  sentimentAccuracy: number;
  intentF1: Record<string, number>;
  /** Share of non-abusive customer messages labelled offensive or hate. */
  falseAbuseRate: number;
  abuseRecall: number;
}

export interface DevScores {
  nsmc_ko?: { priorAccuracy: number; accuracy: number };
  fintweets_en?: { macroF1: number; accuracy: number };
  hate_ko?: { macroF1: number; accuracy: number };
  complaints_en?: { f1: number; precision: number; recall: number };
  own: OwnSplit;
  /** corpus/holdout: the fifth wave of writers, kept out of training (session 11). */
  holdout: OwnSplit;
}

export interface OwnSplit {
  ko: OwnScores;
  en: OwnScores;
  all: OwnScores;
  byWriter: Record<string, Slice>;
  byChannel: Record<string, Slice>;
  bySpeaker: Record<string, Slice>;
}

interface Pred {
  intents: string[];
  sentiment: number;
  abuse: number;
}

function predict(analyzer: Analyzer, m: Message): Pred {
  const a = analyzer.analyze(m.text);
  return { intents: a.intents.labels, sentiment: SENTIMENT_LABELS.indexOf(a.sentiment.label), abuse: ABUSE_LABELS.indexOf(a.abuse.label) };
}

function own(rows: Message[], preds: Pred[]): OwnScores {
  const intentF1: Record<string, number> = {};
  INTENT_LABELS.forEach((name, k) => {
    intentF1[name] = r4(
      f1For(
        rows.map((m) => ((m.intents >> k) & 1) === 1),
        preds.map((p) => p.intents.includes(name)),
      ).f1,
    );
  });
  const c = f1For(
    rows.map((m) => (m.intents & 1) === 1),
    preds.map((p) => p.intents.includes('complaint')),
  );
  const clean = rows.map((m, i) => [m, preds[i]!] as const).filter(([m]) => m.abuse === 0 && m.speaker === 'customer');
  const abusive = rows.map((m, i) => [m, preds[i]!] as const).filter(([m]) => m.abuse > 0);
  return {
    rows: rows.length,
    complaint: { precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1) },
    sentimentAccuracy: r4(
      accuracy(
        rows.map((m) => m.sentiment),
        preds.map((p) => p.sentiment),
      ),
    ),
    intentF1,
    falseAbuseRate: r4(clean.filter(([, p]) => p.abuse > 0).length / Math.max(1, clean.length)),
    abuseRecall: r4(abusive.filter(([, p]) => p.abuse > 0).length / Math.max(1, abusive.length)),
  };
}

function slices(rows: Message[], preds: Pred[], key: (m: Message) => string): Record<string, Slice> {
  const groups = new Map<string, number[]>();
  rows.forEach((m, i) => groups.set(key(m), [...(groups.get(key(m)) ?? []), i]));
  return Object.fromEntries(
    [...groups].sort().map(([k, idx]) => {
      const rs = idx.map((i) => rows[i]!);
      const ps = idx.map((i) => preds[i]!);
      const s = own(rs, ps);
      return [k, { rows: rs.length, complaintF1: s.complaint.f1, sentimentAccuracy: s.sentimentAccuracy }];
    }),
  );
}

function ownSplit(analyzer: Analyzer, rows: Message[]): OwnSplit {
  const preds = rows.map((m) => predict(analyzer, m));
  const pick = (f: (m: Message) => boolean) => {
    const idx = rows.map((m, i) => (f(m) ? i : -1)).filter((i) => i >= 0);
    return own(
      idx.map((i) => rows[i]!),
      idx.map((i) => preds[i]!),
    );
  };
  return {
    ko: pick((m) => m.lang === 'ko'),
    en: pick((m) => m.lang !== 'ko'),
    all: own(rows, preds),
    byWriter: slices(rows, preds, (m) => m.writer),
    byChannel: slices(rows, preds, (m) => m.channel),
    bySpeaker: slices(rows, preds, (m) => m.speaker),
  };
}

export function evaluateDev(modelsDir = defaultModelsDir()): DevScores {
  const analyzer = createAnalyzer({ modelsDir, explain: false });
  const out: Partial<DevScores> = {};
  if (existsSync(`${SHARED_NLP}nsmc_ko.dev.tsv`)) {
    const dev = nsmc('dev');
    const gold = dev.map((r) => r.y);
    const heads = dev.map((r) => {
      const p = analyzer.sentiment(r.text).probs;
      return p.positive > p.negative ? 1 : 0;
    });
    out.nsmc_ko = {
      priorAccuracy: r4(
        accuracy(
          gold,
          dev.map((r) => (analyzer.polarity(r.text) > 0 ? 1 : 0)),
        ),
      ),
      accuracy: r4(accuracy(gold, heads)),
    };
    const fin = fintweets('dev');
    const finPred = fin.map((r) => SENTIMENT_LABELS.indexOf(analyzer.sentiment(r.text).label));
    out.fintweets_en = {
      macroF1: r4(
        macroF1(
          fin.map((r) => r.y),
          finPred,
          3,
        ),
      ),
      accuracy: r4(
        accuracy(
          fin.map((r) => r.y),
          finPred,
        ),
      ),
    };
    const h = hate('dev');
    const hPred = h.map((r) => ABUSE_LABELS.indexOf(analyzer.abuse(r.text).label));
    out.hate_ko = {
      macroF1: r4(
        macroF1(
          h.map((r) => r.y),
          hPred,
          3,
        ),
      ),
      accuracy: r4(
        accuracy(
          h.map((r) => r.y),
          hPred,
        ),
      ),
    };
    const ce = complaintsEn();
    const c = f1For(
      ce.map((r) => r.y === 1),
      ce.map((r) => analyzer.complaint(r.text).isComplaint),
    );
    out.complaints_en = { f1: r4(c.f1), precision: r4(c.precision), recall: r4(c.recall) };
  }
  out.own = ownSplit(analyzer, messages('dev'));
  out.holdout = ownSplit(analyzer, messages('holdout'));
  return out as DevScores;
}
