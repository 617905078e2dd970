/** X's length measure (pure, browser-safe): twitter-text v3 weighted length, limit 280. */
import type { ChannelMeasure, Measurement } from '../port.js';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './text.js';

export const X_TARGETS = ['x'] as const;

export function measure(text: string): Measurement {
  return { unit: 'x-weighted', length: xWeightedLength(text), limit: X_MAX_WEIGHTED_LENGTH };
}

/** X's counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: X_TARGETS, measure: (text) => measure(text) };
