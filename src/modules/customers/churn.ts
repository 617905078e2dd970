/**
 * Churn risk: features from a customer's recent history across linked identities, and a fixed,
 * explainable logistic score. The weights are the model's own (set by hand from the reasons,
 * not fitted to the bench simulator, whose parameters live apart in bench/customers/).
 */
export interface HistoryEvent {
  at: Date;
  /** positive − negative, −1..1; null when not analysed. */
  sentiment: number | null;
  intents: readonly string[];
  text: string;
}

export interface ChurnFeatures {
  churnIntents: number;
  unresolvedComplaints: number;
  /** Mean sentiment of the last 30 days minus the 60 days before (negative: getting worse). */
  sentimentTrend: number;
  competitorMentions: number;
  /** 1 − (messages in the last 30 days ÷ monthly average of the 60 days before), floored at 0. */
  engagementDrop: number;
}

export type ChurnReason = 'churn_intent' | 'unresolved_complaints' | 'negative_trend' | 'competitor_mentions' | 'falling_engagement';

export interface ChurnScore {
  score: number;
  reasons: { reason: ChurnReason; weight: number; value: number }[];
  features: ChurnFeatures;
}

/** Korean financial competitors named in posts (a workspace's own list is not editable yet). */
export const DEFAULT_COMPETITORS = ['토스', '카카오뱅크', '카뱅', '케이뱅크', '신한', '국민은행', 'KB', '우리은행', '하나은행', '농협', '삼성카드', '현대카드', '키움', '미래에셋'];

const DAY = 86_400_000;

export function churnFeatures(events: readonly HistoryEvent[], now: Date, unresolvedComplaints: number, competitors: readonly string[] = DEFAULT_COMPETITORS): ChurnFeatures {
  const t = now.getTime();
  const recent = events.filter((e) => t - e.at.getTime() <= 30 * DAY && e.at.getTime() <= t);
  const before = events.filter((e) => t - e.at.getTime() > 30 * DAY && t - e.at.getTime() <= 90 * DAY);
  const mean = (xs: HistoryEvent[]) => {
    const v = xs.map((e) => e.sentiment).filter((s): s is number => s !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  const mr = mean(recent);
  const mb = mean(before);
  const lower = competitors.map((c) => c.toLowerCase());
  const baseline = before.length / 2;
  return {
    churnIntents: recent.filter((e) => e.intents.includes('churn')).length,
    unresolvedComplaints,
    sentimentTrend: mr !== null && mb !== null ? mr - mb : mr !== null ? Math.min(0, mr) : 0,
    competitorMentions: recent.filter((e) => lower.some((c) => e.text.toLowerCase().includes(c))).length,
    engagementDrop: baseline >= 1 ? Math.max(0, 1 - recent.length / baseline) : 0,
  };
}

const WEIGHTS: Record<ChurnReason, number> = { churn_intent: 1.5, unresolved_complaints: 0.6, negative_trend: 2.0, competitor_mentions: 0.8, falling_engagement: 1.4 };
const BIAS = -2.6;

export function churnScore(f: ChurnFeatures): ChurnScore {
  const values: Record<ChurnReason, number> = {
    churn_intent: Math.min(f.churnIntents, 3),
    unresolved_complaints: Math.min(f.unresolvedComplaints, 3),
    negative_trend: Math.max(0, -f.sentimentTrend),
    competitor_mentions: Math.min(f.competitorMentions, 3),
    falling_engagement: f.engagementDrop,
  };
  let z = BIAS;
  const reasons: ChurnScore['reasons'] = [];
  for (const r of Object.keys(WEIGHTS) as ChurnReason[]) {
    const w = WEIGHTS[r] * values[r];
    z += w;
    if (w >= 0.3) reasons.push({ reason: r, weight: Math.round(w * 100) / 100, value: Math.round(values[r] * 100) / 100 });
  }
  reasons.sort((a, b) => b.weight - a.weight);
  return { score: Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000, reasons, features: f };
}
