/**
 * A simulator of customer histories with known outcomes, for judging the churn-risk score honestly.
 * Its parameters are kept here, apart from the model (src/modules/customers/churn.ts), and the model
 * was not fitted to them. Assumptions (each a parameter below):
 * - 90 days of history before "now"; the outcome is whether the customer leaves in the next 30 days.
 * - Each customer writes at a personal monthly rate (log-normal around 3) with a personal baseline mood.
 * - Leavers change in the last 30 days, each signal with its own probability: they write less, their
 *   mood worsens, some say they will leave or name a competitor, more complaints stay open.
 * - A share of leavers are silent: nothing in their history changes (no model can see them).
 * - Stayers also complain, name competitors and say "해지" now and then (noise).
 * - The intent classifier misses and invents labels (recall and false-positive rate below).
 */
import type { HistoryEvent } from '../../src/modules/customers/churn.js';

export const SIM = {
  customers: 20_000,
  churnRate: 0.12,
  silentLeavers: 0.3,
  monthlyRateMedian: 3,
  monthlyRateSpread: 0.8,
  moodMean: 0.05,
  moodSpread: 0.25,
  leaver: { activityFactor: [0.2, 1.0], moodDrop: [0, 0.6], churnIntentPerMessage: 0.15, competitorPerMessage: 0.12, openComplaints: 0.8 },
  stayer: { activityFactor: [0.6, 1.4], moodDrift: 0.15, churnIntentPerMessage: 0.02, competitorPerMessage: 0.03, openComplaints: 0.25 },
  classifier: { recall: 0.8, falsePositive: 0.02 },
  seed: 17,
} as const;

export interface SimCustomer {
  events: HistoryEvent[];
  unresolved: number;
  churned: boolean;
}

/** A small seeded generator (mulberry32), so every run sees the same population. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulate(now: Date, p = SIM): SimCustomer[] {
  const r = rng(p.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const poisson = (l: number) => {
    let k = 0;
    let q = Math.exp(-l);
    let s = q;
    const u = r();
    while (u > s && k < 100) {
      k++;
      q *= l / k;
      s += q;
    }
    return k;
  };
  const between = ([a, b]: readonly number[]) => a! + (b! - a!) * r();
  const out: SimCustomer[] = [];
  for (let i = 0; i < p.customers; i++) {
    const churned = r() < p.churnRate;
    const silent = churned && r() < p.silentLeavers;
    const rate = p.monthlyRateMedian * Math.exp(p.monthlyRateSpread * normal());
    const mood = p.moodMean + p.moodSpread * normal();
    const k = churned && !silent ? p.leaver : p.stayer;
    const recentFactor = churned && !silent ? between(p.leaver.activityFactor) : between(p.stayer.activityFactor);
    const recentMood = churned && !silent ? mood - between(p.leaver.moodDrop) : mood + p.stayer.moodDrift * normal();
    const events: HistoryEvent[] = [];
    const emit = (daysAgoFrom: number, daysAgoTo: number, n: number, m: number, recent: boolean) => {
      for (let j = 0; j < n; j++) {
        const at = new Date(now.getTime() - (daysAgoTo + (daysAgoFrom - daysAgoTo) * r()) * 86_400_000);
        const saysChurn = recent && r() < k.churnIntentPerMessage;
        const competitor = recent && r() < k.competitorPerMessage;
        const seen = (truth: boolean) => (truth ? r() < p.classifier.recall : r() < p.classifier.falsePositive);
        events.push({
          at,
          sentiment: Math.max(-1, Math.min(1, m + 0.3 * normal())),
          intents: seen(saysChurn) ? ['churn'] : [],
          text: competitor ? '토스로 옮길까 고민 중' : '문의드립니다',
        });
      }
    };
    emit(90, 30, poisson(rate * 2), mood, false);
    emit(30, 0, poisson(rate * recentFactor), recentMood, true);
    out.push({ events, unresolved: poisson(k.openComplaints), churned });
  }
  return out;
}

/** Area under the ROC curve by ranks (ties share their mean rank). */
export function auc(scores: number[], labels: boolean[]): number {
  const idx = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const pos = labels.filter(Boolean).length;
  const neg = labels.length - pos;
  const sum = labels.reduce((a, l, i) => a + (l ? ranks[i]! : 0), 0);
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Ten equal-width bins of the score: mean predicted vs observed rate, and the expected calibration error. */
export function calibration(scores: number[], labels: boolean[]) {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, predicted: 0, observed: 0 }));
  scores.forEach((s, i) => {
    const b = bins[Math.min(9, Math.floor(s * 10))]!;
    b.n++;
    b.predicted += s;
    b.observed += labels[i] ? 1 : 0;
  });
  let ece = 0;
  const rows = bins.map((b, i) => {
    const pred = b.n ? b.predicted / b.n : 0;
    const obs = b.n ? b.observed / b.n : 0;
    ece += (b.n / scores.length) * Math.abs(pred - obs);
    return { bin: `${i / 10}-${(i + 1) / 10}`, n: b.n, predicted: Math.round(pred * 1000) / 1000, observed: Math.round(obs * 1000) / 1000 };
  });
  return { ece: Math.round(ece * 1000) / 1000, rows };
}
