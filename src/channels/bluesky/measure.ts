/** Bluesky's length measure (pure, browser-safe): a post holds at most 300 graphemes (app.bsky.feed.post). */
import type { ChannelMeasure, Measurement } from '../port.js';

export const BLUESKY_MAX_GRAPHEMES = 300;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export function measure(text: string): Measurement {
  return { unit: 'graphemes', length: graphemeCount(text), limit: BLUESKY_MAX_GRAPHEMES };
}

/** Bluesky's counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: ['bluesky'], measure: (text) => measure(text) };
