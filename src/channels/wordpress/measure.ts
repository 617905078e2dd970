/** WordPress' length measure (pure, browser-safe): characters (code points); a post has no length limit. */
import type { ChannelMeasure, Measurement } from '../port.js';

export function measure(text: string): Measurement {
  let n = 0;
  for (const _ of text) n++;
  return { unit: 'characters', length: n, limit: null };
}

/** WordPress' counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: ['wordpress'], measure: (text) => measure(text) };
