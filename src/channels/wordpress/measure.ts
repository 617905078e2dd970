/** WordPress' length measure (pure, browser-safe): characters (code points); a post has no length limit. */
import type { Measurement } from '../port.js';

export function measure(text: string): Measurement {
  let n = 0;
  for (const _ of text) n++;
  return { unit: 'characters', length: n, limit: null };
}
