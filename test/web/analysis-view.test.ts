import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp/index.js';
import { analyticsEnricher } from '../../src/modules/items/analysis.js';
import { explainTitle, readAnalysis } from '../../web/src/pages/listening/analysis.js';

const enrich = analyticsEnricher(createAnalyzer({ pii: { includeValues: false } }));
const item = (text: string) => ({ nativeId: 'x', kind: 'post' as const, author: { nativeId: 'a' }, text, links: [], media: [], createdAt: new Date(), isPrivate: false, direction: 'inbound' as const, interactions: [], raw: null });

describe('the UI reading of stored analysis', () => {
  it('shows the words that pushed the sentiment and each intent, strongest first', () => {
    const stored = enrich(item('수수료 또 빠졌네 진짜 짜증나요 카드 해지하고 다른 은행으로 갈아탈게요')).analysis;
    const view = readAnalysis(stored);
    expect(view.sentiment?.label).toBe('negative');
    expect(view.sentiment!.because.length).toBeGreaterThan(0);
    expect(view.sentiment!.because.length).toBeLessThanOrEqual(3);
    const text = '수수료 또 빠졌네 진짜 짜증나요 카드 해지하고 다른 은행으로 갈아탈게요';
    for (const term of view.sentiment!.because) expect(text).toContain(term.slice(0, 2));
    expect(view.intents).toContain('churn');
    expect(view.intentBecause.churn?.length).toBeGreaterThan(0);
  });

  it('ignores explanations that are missing or malformed, and builds the tooltip', () => {
    const view = readAnalysis({
      sentiment: { label: 'positive', probs: { positive: 0.82 }, explanation: [{ term: '감사', weight: 1.5 }, { term: '친절', weight: 0.7 }, { term: '', weight: 3 }, { term: '불만', weight: -2 }, 'junk'] },
      intents: { labels: ['praise'] },
    });
    expect(view.sentiment).toEqual({ label: 'positive', probability: 0.82, because: ['감사', '친절'] });
    expect(view.intentBecause).toEqual({});
    expect(explainTitle((t) => `근거: ${t}`, view.sentiment!.probability, view.sentiment!.because)).toBe('82% · 근거: 감사, 친절');
    expect(explainTitle((t) => `근거: ${t}`, undefined, [])).toBeUndefined();
  });
});

describe('readAnalysis: corrections and adaptation', () => {
  it('reads who corrected which task, the abuse label including none, and the adaptation version', () => {
    const v = readAnalysis({
      sentiment: { label: 'negative', probs: { negative: 0.1 }, explanation: [], corrected: { by: '상담원 김', at: '2026-12-06T01:00:00Z', was: 'positive' } },
      intents: { labels: ['praise'], probs: {}, corrected: { by: 'Lee', at: '2026-12-06T02:00:00Z', was: 'none' } },
      abuse: { label: 'none', probs: {} },
      adaptation: { version: 3 },
    });
    expect(v.sentiment?.label).toBe('negative');
    expect(v.corrected.sentiment).toEqual({ by: '상담원 김', at: '2026-12-06T01:00:00Z', was: 'positive' });
    expect(v.corrected.intents?.by).toBe('Lee');
    expect(v.corrected.abuse).toBeUndefined();
    expect(v.abuseLabel).toBe('none');
    expect(v.abuse).toBeUndefined();
    expect(v.adaptation).toBe(3);
    expect(readAnalysis({ sentiment: { label: 'positive', corrected: { by: 7 } } }).corrected).toEqual({});
  });
});
