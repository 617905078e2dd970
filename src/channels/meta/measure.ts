/**
 * Meta's length measures (pure, browser-safe): a Facebook Page post holds 63,206 characters, an
 * Instagram caption 2,200 (code points counted). Instagram publishes no post without an image: the
 * measure says so (`imageRequired`), so the composer and the pre-send check refuse such a variant.
 */
import type { ChannelMeasure, Measurement } from '../port.js';

export const META_TARGETS = ['facebook', 'instagram'] as const;
export type MetaTarget = (typeof META_TARGETS)[number];
export const META_LIMITS: Record<MetaTarget, number> = { facebook: 63_206, instagram: 2_200 };

export function measure(text: string, target: string = 'facebook'): Measurement {
  const limit = target === 'instagram' ? META_LIMITS.instagram : META_LIMITS.facebook;
  let n = 0;
  for (const _ of text) n++;
  return target === 'instagram' ? { unit: 'characters', length: n, limit, imageRequired: true } : { unit: 'characters', length: n, limit };
}

/** Facebook's and Instagram's counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: META_TARGETS, measure: (text, target) => measure(text, target) };
