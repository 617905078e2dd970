/**
 * Mastodon's length measure (pure, browser-safe), as its StatusLengthValidator counts: characters
 * (grapheme clusters), every http(s) URL as 23, a remote mention `@user@domain` as `@user`; 500 by
 * default (an instance may report another `configuration.statuses.max_characters`).
 */
import type { ChannelMeasure, Measurement } from '../port.js';

export const MASTODON_DEFAULT_MAX_CHARACTERS = 500;
const URL_LENGTH = 23;
const URL_RE = /\bhttps?:\/\/[^\s<>"]+/giu;
const REMOTE_MENTION_RE = /(^|[^\p{L}\p{N}_/])@([\p{L}\p{N}_]+)@[\p{L}\p{N}.-]+\p{L}/gu;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function graphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export function mastodonLength(text: string): number {
  const countable = text.replace(URL_RE, 'x'.repeat(URL_LENGTH)).replace(REMOTE_MENTION_RE, '$1@$2');
  return graphemes(countable);
}

export function measure(text: string, limit = MASTODON_DEFAULT_MAX_CHARACTERS): Measurement {
  return { unit: 'characters', length: mastodonLength(text), limit };
}

/** Mastodon's counter, found by folder (see ChannelMeasure). */
export const channelMeasure: ChannelMeasure = { targets: ['mastodon'], measure: (text) => measure(text) };
