/** JSON schemas of the inbox API's request bodies (the isolation test builds samples from them: keep them exact). */
import { workspaceParams } from '../../http/context.js';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const idParams = (name: string) => ({ type: 'object', required: ['workspaceId', name], properties: { ...workspaceParams.properties, [name]: { type: 'string', format: 'uuid' } } }) as const;

export const convParams = idParams('conversationId');

const ruleFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: ['string', 'null'], maxLength: 2000 },
  enabled: { type: 'boolean' },
  runOn: { type: 'string', enum: ['created', 'every_message'], description: "'created': new conversations only; 'every_message': also each later customer message" },
  conditions: { type: 'object', description: 'A condition group: {"all": [...]}, {"any": [...]} or {"none": [...]} (see docs/inbox-domain.md)' },
  actions: { type: 'array', maxItems: 100, items: { type: 'object', description: 'An action: {"type": "set_team", "teamId": "…"}, …' } },
  stopProcessing: { type: 'boolean' },
  position: { type: 'integer', minimum: 0, maximum: 2147483647 },
} as const;

export const ruleCreateBody = { type: 'object', additionalProperties: false, required: ['name', 'conditions', 'actions'], properties: ruleFields } as const;
export const rulePatchBody = { type: 'object', additionalProperties: false, properties: ruleFields } as const;
export const rulePreviewBody = {
  type: 'object',
  additionalProperties: false,
  required: ['rule'],
  properties: {
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['conditions', 'actions'],
      properties: { name: ruleFields.name, description: ruleFields.description, conditions: ruleFields.conditions, actions: ruleFields.actions, stopProcessing: ruleFields.stopProcessing },
    },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;
export const ruleOrderBody = { type: 'object', additionalProperties: false, required: ['ruleIds'], properties: { ruleIds: { type: 'array', maxItems: 1000, items: { type: 'string', format: 'uuid' } } } } as const;
export const ruleRestoreBody = { type: 'object', additionalProperties: false, required: ['version'], properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647 } } } as const;

const skillList = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } } as const;
export const teamCreateBody = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, skills: skillList } } as const;
export const teamPatchBody = { type: 'object', additionalProperties: false, properties: teamCreateBody.properties } as const;

const availability = { type: 'string', enum: ['online', 'away', 'offline'] } as const;
export const agentPatchBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    teamIds: { type: 'array', maxItems: 50, items: { type: 'string', format: 'uuid' } },
    skills: { type: 'object', additionalProperties: false, properties: { languages: skillList, products: skillList } },
    capacity: { type: 'integer', minimum: 0, maximum: 1000 },
    availability,
  },
} as const;
export const availabilityBody = { type: 'object', additionalProperties: false, required: ['availability'], properties: { availability } } as const;

const shift = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end'],
  properties: { start: { type: 'string', maxLength: 5, description: 'HH:MM' }, end: { type: 'string', maxLength: 5, description: 'HH:MM (24:00 = midnight)' } },
} as const;
const shifts = { type: 'array', maxItems: 10, items: shift } as const;
const targetMs = { type: 'number', description: 'milliseconds (business time under a business clock)' } as const;
const slaFields = {
  name: { type: 'string', minLength: 1, maxLength: 100 },
  isDefault: { type: 'boolean' },
  clock: { type: 'string', enum: ['business', 'calendar'] },
  warningRatio: { type: 'number' },
  pauseResolutionWhen: { type: 'array', maxItems: 3, items: { type: 'string', enum: ['open', 'pending', 'snoozed'] } },
  reopenOnCustomerMessage: { type: 'boolean' },
  targets: {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(PRIORITIES.map((p) => [p, { type: 'object', additionalProperties: false, properties: { firstResponseMs: targetMs, nextResponseMs: targetMs, resolutionMs: targetMs } }])),
  },
  schedule: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timeZone: { type: 'string', maxLength: 64 },
      week: { type: 'object', additionalProperties: false, properties: Object.fromEntries(DAYS.map((d) => [d, shifts])) },
      holidays: {
        type: 'object',
        additionalProperties: false,
        properties: {
          laborDay: { type: 'boolean' },
          extra: {
            type: 'array',
            maxItems: 366,
            items: { type: 'object', additionalProperties: false, required: ['date', 'name'], properties: { date: { type: 'string', maxLength: 10 }, name: { type: 'string', minLength: 1, maxLength: 100 } } },
          },
          exclude: { type: 'array', maxItems: 366, items: { type: 'string', maxLength: 10 } },
        },
      },
      holidayShifts: shifts,
    },
  },
  escalation: { type: 'object', additionalProperties: false, properties: { raisePriority: { type: 'boolean' }, teamId: { type: ['string', 'null'], format: 'uuid' } } },
} as const;
export const slaCreateBody = { type: 'object', additionalProperties: false, required: ['name', 'targets'], properties: slaFields } as const;
export const slaPatchBody = { type: 'object', additionalProperties: false, properties: slaFields } as const;

export const cannedCreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'text'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, text: { type: 'string', minLength: 1, maxLength: 20_000 }, language: { type: 'string', minLength: 2, maxLength: 16 } },
} as const;
export const cannedPatchBody = { type: 'object', additionalProperties: false, properties: cannedCreateBody.properties } as const;
export const renderBody = { type: 'object', additionalProperties: false, required: ['conversationId'], properties: { conversationId: { type: 'string', format: 'uuid' } } } as const;

export const assignBody = { type: 'object', additionalProperties: false, required: ['strategy'], properties: { strategy: { type: 'string', enum: ['round_robin', 'least_loaded'] }, teamId: { type: 'string', format: 'uuid' } } } as const;
export const movePrivateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['publicText', 'privateText'],
  properties: { publicText: { type: 'string', minLength: 1, maxLength: 20_000 }, privateText: { type: 'string', minLength: 1, maxLength: 20_000 } },
} as const;
export const presenceBody = { type: 'object', additionalProperties: false, required: ['state'], properties: { state: { type: 'string', enum: ['viewing', 'typing', 'left'] } } } as const;
export const reportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, teamId: { type: 'string', format: 'uuid' } },
} as const;
export const reportCsvQuery = { type: 'object', additionalProperties: false, properties: { ...reportQuery.properties, kind: { type: 'string', enum: ['summary', 'sla', 'backlog', 'agents'], default: 'summary' } } } as const;
