import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams } from '../../http/context.js';
import type { Scope } from '../../platform/access/scope.js';
import { PRODUCTS } from './rules.js';
import type { ScreeningService } from './screening.service.js';

export interface ScreeningRouteServices {
  screening: ScreeningService;
  scopeOf: (req: FastifyRequest) => Promise<Scope>;
}

const severity = { type: 'string', enum: ['block', 'warn'] } as const;
const pattern = { type: 'string', minLength: 1, maxLength: 1000 } as const;
const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const ruleId = { type: 'string', pattern: '^[a-z0-9_.-]{1,80}$' } as const;
const products = { type: 'array', items: { type: 'string', enum: [...PRODUCTS] }, maxItems: PRODUCTS.length } as const;

/** The rule-set document (src/modules/screening/rules.ts) as JSON schema. */
export const ruleSetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['claims', 'disclosures', 'personalData', 'links', 'crisis'],
  properties: {
    claims: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'severity', 'message', 'source'],
        properties: {
          id: ruleId,
          phrases: { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 200 } },
          patterns: { type: 'array', maxItems: 50, items: pattern },
          severity,
          negatable: { type: 'boolean' },
          exceptProducts: products,
          message: text,
          source: text,
        },
      },
    },
    disclosures: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'products', 'anyOf', 'severity', 'message', 'source'],
        properties: { id: ruleId, products: { ...products, minItems: 1 }, anyOf: { type: 'array', minItems: 1, maxItems: 50, items: pattern }, when: pattern, severity, message: text, source: text },
      },
    },
    personalData: { type: 'object', additionalProperties: false, required: ['severity', 'source'], properties: { severity, source: text } },
    links: {
      type: 'object',
      additionalProperties: false,
      required: ['severity', 'allowedHosts', 'source'],
      properties: { severity, allowedHosts: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 253 } }, source: text },
    },
    crisis: {
      type: 'object',
      additionalProperties: false,
      required: ['severity', 'words', 'source'],
      properties: { severity, words: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 200 } }, source: text },
    },
  },
} as const;

const versionParams = {
  type: 'object',
  required: ['workspaceId', 'version'],
  properties: { ...workspaceParams.properties, version: { type: 'string', maxLength: 40, description: 'The version number (1, 2, ...); anything else is 404.' } },
} as const;

/** Path ids are opaque strings across the API: a version that is not a number is simply not found. */
const versionOf = (req: FastifyRequest) => {
  const raw = (req.params as { version: string }).version;
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : -1;
};

export function screeningRoutes(app: FastifyInstance, s: ScreeningRouteServices): void {
  const tags = ['screening'];
  const base = '/api/v1/w/:workspaceId/screening';
  app.post(
    `${base}/screen`,
    {
      schema: {
        tags,
        summary: 'Screen a text before publishing with the active rule set',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: { type: 'string', maxLength: 100_000 },
            channel: { type: 'string', maxLength: 40 },
            product: { type: 'string', enum: [...PRODUCTS] },
            crisis: { type: 'boolean' },
            knownLinkHosts: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 253 } },
          },
        },
      },
    },
    async (req) => {
      const { text: body, ...context } = req.body as { text: string; channel?: string; product?: (typeof PRODUCTS)[number]; crisis?: boolean; knownLinkHosts?: string[] };
      return s.screening.screen(await s.scopeOf(req), body, context);
    },
  );
  app.get(`${base}/rule-sets`, { schema: { tags, summary: 'Rule-set versions, newest first (the Korean default is version 1)', params: workspaceParams } }, async (req) => ({ ruleSets: await s.screening.list(await s.scopeOf(req)) }));
  app.get(`${base}/rule-sets/:version`, { schema: { tags, summary: 'One rule-set version with its rules', params: versionParams } }, async (req) => s.screening.get(await s.scopeOf(req), versionOf(req)));
  app.post(
    `${base}/rule-sets`,
    {
      schema: {
        tags,
        summary: 'Save a new rule-set version (compliance); optionally activate it',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['rules'], properties: { rules: ruleSetSchema, note: { type: 'string', maxLength: 2000 }, activate: { type: 'boolean' } } },
      },
    },
    async (req, reply) => reply.status(201).send(await s.screening.create(await s.scopeOf(req), req.body as never)),
  );
  app.post(`${base}/rule-sets/:version/activate`, { schema: { tags, summary: 'Make a version the active one (compliance)', params: versionParams } }, async (req) => s.screening.activate(await s.scopeOf(req), versionOf(req)));
}
