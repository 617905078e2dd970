/**
 * What the composer knows about a reply before sending: the server serves the channel's limits for the
 * conversation (the adapter's own, as the outbox checks them) and the browser counts with the channel's
 * own counter (`src/channels/length.ts`, the same code as the server). A limit the server states in a
 * refusal still replaces the hint.
 */
import { replyLength, type MeasureFor } from '../../../../src/channels/length.js';
import type { ReplyLimits } from '../../../../src/contracts/inbox.js';
import { measureFor as browserMeasureFor } from '../../channelMeasure.js';
import type { Conversation } from './inboxApi.js';

export type { ReplyLimits };
export type LengthUnit = ReplyLimits['lengthUnit'];
export interface ReplyHints {
  canPublic: boolean;
  canPrivate: boolean;
  /** Undefined when this screen cannot know it. */
  limit?: number;
  unit: LengthUnit;
  count(text: string): number;
}

/** The hints for a conversation from the limits the server served (null: nothing can be answered here). */
export function replyHints(conv: Pick<Conversation, 'isPrivate'>, limits: ReplyLimits | null | undefined, measureFor: MeasureFor = browserMeasureFor): ReplyHints {
  if (!limits) return { canPublic: false, canPrivate: false, unit: 'chars', count: (text) => Array.from(text).length };
  return {
    // A private conversation is answered privately, whatever the channel could do in public.
    canPublic: limits.canReplyPublicly && !conv.isPrivate,
    canPrivate: limits.canReplyPrivately,
    limit: limits.maxLength,
    unit: limits.lengthUnit,
    count: (text) => replyLength(text, limits, measureFor),
  };
}

/** The limit a `reply.too_long` refusal states ("…; this channel allows 1000 (…"), if it says one. */
export function limitFromRefusal(message: string): number | undefined {
  const m = /allows (\d+)/.exec(message) ?? /limit (?:here )?is (\d+)/.exec(message) ?? /\/(\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}
