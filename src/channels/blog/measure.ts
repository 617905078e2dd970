/** The blog's length measure (pure, browser-safe): characters (code points), no limit. */
import type { Measurement } from '../port.js';

export function measure(text: string): Measurement {
  let n = 0;
  for (const _ of text) n++;
  return { unit: 'characters', length: n, limit: null };
}
