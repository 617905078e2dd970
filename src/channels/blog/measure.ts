/** The blog's length measure (pure, browser-safe): characters (code points), no limit. */
import type { ChannelMeasure, Measurement } from '../port.js';

export function measure(text: string): Measurement {
  let n = 0;
  for (const _ of text) n++;
  return { unit: 'characters', length: n, limit: null };
}

/** The blog's counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: ['blog'], measure: (text) => measure(text) };
