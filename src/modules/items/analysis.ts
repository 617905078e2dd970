import type { CanonicalItem } from '../../channels/port.js';
import type { Analyzer } from '../../nlp/index.js';
import type { Enricher } from './enrich.js';

/**
 * The enrichment hook backed by the text-analytics engine: language, sentiment, complaint, intents,
 * abuse, keywords and personal-data findings (types and spans, never the values), plus the masked text.
 */
export function analyticsEnricher(analyzer: Analyzer): Enricher {
  return (item: CanonicalItem) => {
    const text = item.title ? `${item.title}\n${item.text}` : item.text;
    const a = analyzer.analyze(text);
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
      },
    };
  };
}
