/**
 * A reply's length as its channel counts it, by one rule shared by the server's check and the browser's
 * counter: the channel's own `measure()` when its limits name a target to measure by, otherwise code
 * points or UTF-8 bytes. Pure, no Node APIs.
 */
import { replaceUrls } from '../platform/text-urls.js';
import type { Measurement, ReplyLimits } from './port.js';

/** The counter of a publish target, or undefined when none serves it. */
export type MeasureFor = (target: string) => ((text: string) => Measurement) | undefined;

export function replyLength(text: string, limits: Pick<ReplyLimits, 'lengthUnit' | 'measureTarget' | 'trackedLinkSample'>, measureFor: MeasureFor): number {
  // Links that will become tracked short links are counted as one: the server measures the rewritten text.
  const sample = limits.trackedLinkSample;
  if (sample) text = replaceUrls(text, () => sample);
  const measured = limits.measureTarget ? measureFor(limits.measureTarget) : undefined;
  if (measured) return measured(text).length;
  if (limits.lengthUnit === 'bytes') return new TextEncoder().encode(text).length;
  return Array.from(text).length;
}
