import type { FastifyInstance } from 'fastify';
import type { Analyzer } from '../../nlp/index.js';
import { principalOf } from '../identity/index.js';

const TASKS = ['language', 'sentiment', 'complaint', 'intents', 'abuse', 'keywords', 'pii'] as const;
type Task = (typeof TASKS)[number];

/** POST /api/v1/analyze: the text-analytics engine over HTTP, for a batch of texts. */
/** The services these routes use (the composition root passes all of its own). */
export interface AnalyzeRouteServices {
  analyzer: Analyzer;
}

export function analyzeRoutes(app: FastifyInstance, s: AnalyzeRouteServices): void {
  app.post(
    '/api/v1/analyze',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Analyse up to 1,000 texts: language, sentiment, complaint, intents, abuse, keywords, personal data (with masked text)',
        body: {
          type: 'object',
          required: ['texts'],
          additionalProperties: false,
          properties: {
            texts: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', maxLength: 20_000 } },
            tasks: { type: 'array', items: { type: 'string', enum: [...TASKS] }, uniqueItems: true },
            explain: { type: 'boolean', default: false },
          },
        },
      },
    },
    async (req) => {
      principalOf(req); // any signed-in user or token
      const body = req.body as { texts: string[]; tasks?: Task[]; explain: boolean };
      const want = new Set<Task>(body.tasks?.length ? body.tasks : TASKS);
      return {
        results: body.texts.map((text) => {
          const a = s.analyzer.analyze(text);
          const strip = <T extends { explanation?: unknown }>(r: T) => (body.explain ? r : { ...r, explanation: undefined });
          return {
            ...(want.has('language') ? { language: a.language } : {}),
            ...(want.has('sentiment') ? { sentiment: strip(a.sentiment as never) } : {}),
            ...(want.has('complaint') ? { complaint: a.complaint } : {}),
            ...(want.has('intents') ? { intents: strip(a.intents as never) } : {}),
            ...(want.has('abuse') ? { abuse: strip(a.abuse as never) } : {}),
            ...(want.has('keywords') ? { keywords: a.keywords } : {}),
            ...(want.has('pii') ? { pii: a.pii.map(({ type, start, end, confidence }) => ({ type, start, end, confidence })), masked: a.masked } : {}),
          };
        }),
      };
    },
  );
}
