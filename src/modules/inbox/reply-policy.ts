import type { MeasureFor } from '../../channels/length.js';
import type { ReplyLimits } from '../../channels/port.js';
import { detectPii } from '../../nlp/index.js';
import { checkReply as check } from './domain/reply-checks.js';

export interface ReplyCheckInput {
  text: string;
  private: boolean;
  limits: ReplyLimits;
  lastCustomerMessageAt: Date;
  now: Date;
  measureFor: MeasureFor;
}

export interface ReplyVerdict {
  errors: Array<{ code: string; message: string }>;
  warnings: Array<{ code: string; message: string; piiTypes?: string[] }>;
}

/**
 * The channel's rules for one reply, with personal data found in the reply text itself: errors block
 * the reply; a warning about personal data in a public reply blocks it unless the agent confirms.
 */
export function checkReply(input: ReplyCheckInput): ReplyVerdict {
  const pii = detectPii(input.text).map((f) => ({ type: f.type, start: f.start, end: f.end }));
  const r = check({ limits: input.limits, text: input.text, private: input.private, now: input.now, lastCustomerMessageAt: input.lastCustomerMessageAt, pii, measureFor: input.measureFor });
  // The kinds of personal data travel with the code, so a UI can name them in its own language.
  const as = (i: { code: string; message: string; piiTypes?: readonly string[] }) => ({ code: `reply.${i.code}`, message: i.message, ...(i.piiTypes ? { piiTypes: [...i.piiTypes] } : {}) });
  return { errors: r.errors.map(as), warnings: r.warnings.map(as) };
}
