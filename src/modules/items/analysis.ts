import type { CanonicalItem } from '../../channels/port.js';
import type { Analysis, Analyzer } from '../../nlp/index.js';
import type { Enricher } from './enrich.js';

/**
 * A workspace's adaptation of the analysis (learned from its corrections), or null when it has none:
 * the same shape with sentiment, complaint, intents and abuse moved, and the version that did it.
 */
export type AnalysisAdapter = (workspaceId: string, text: string, analysis: Analysis) => { analysis: Analysis; version: number } | null;

/**
 * The enrichment hook backed by the text-analytics engine: language, sentiment, complaint, intents,
 * abuse, keywords and personal-data findings (types and spans, never the values), plus the masked text.
 */
export function analyticsEnricher(analyzer: Analyzer, adapt?: AnalysisAdapter): Enricher {
  return (item: CanonicalItem, ctx) => {
    const text = item.title ? `${item.title}\n${item.text}` : item.text;
    const base = analyzer.analyze(text);
    const adapted = adapt && ctx ? adapt(ctx.workspaceId, text, base) : null;
    const a = adapted?.analysis ?? base;
    const offset = item.title ? item.title.length + 1 : 0;
    const pii = a.pii.filter((f) => f.start >= offset).map((f) => ({ type: f.type, start: f.start - offset, end: f.end - offset, confidence: f.confidence }));
    return {
      lang: item.lang ?? a.language,
      ...(pii.length ? { maskedText: a.masked.slice(offset) } : {}),
      analysis: {
        language: a.language,
        sentiment: a.sentiment,
        complaint: a.complaint,
        intents: a.intents,
        abuse: a.abuse,
        keywords: a.keywords,
        pii,
        ...(adapted ? { adaptation: { version: adapted.version } } : {}),
      },
    };
  };
}
