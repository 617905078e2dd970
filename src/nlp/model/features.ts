/**
 * Hashed n-gram features, shared by training and inference so both see the same buckets.
 * No strings are built on the hot path: n-grams are hashed character by character (FNV-1a).
 */
import { normalizeText } from '../text/normalize.js';
import { stripKorean } from '../tokenizer/korean-suffixes.js';
import { koreanLemma } from '../tokenizer/korean.js';
import { stemEnglish } from '../tokenizer/english.js';
import { matchCues } from './cues.js';

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Character n-gram lengths over the normalised text (spaces kept as '_'), e.g. [1, 5]. */
  charMin: number;
  charMax: number;
  /** Word n-grams over surface tokens: 1 = unigrams, 2 = + bigrams, 3 = + trigrams. */
  wordMax: number;
  /** Add stems (particles/endings stripped) and stem bigrams. */
  stems: boolean;
  /** Character n-grams over the text with spaces removed (Korean spacing is unreliable), lengths 2..spacelessMax; 0 = off. */
  spacelessMax: number;
  /** Add finance cue-lexicon features (model/cues.ts). */
  cues?: boolean;
  /** Stems are the lemmatiser's terms (갈아탔어요 → 갈아타) instead of the particle stripper's. */
  lemmas?: boolean;
  /** The model reads prior tokens (binned scores of the public-set models, model/priors.ts). */
  priors?: boolean;
}

export const DEFAULT_SPEC: FeatureSpec = { bits: 21, charMin: 1, charMax: 5, wordMax: 2, stems: true, spacelessMax: 0 };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEP = 0x1f;

const WORD = /[\uac00-\ud7a3]+|[\u3131-\u318e]+|[a-z\u00c0-\u024f]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|\p{Extended_Pictographic}|[!?~.^;]+/gu;

function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  return Math.imul(h ^ seed, FNV_PRIME) >>> 0;
}

/** Where features go: a growing list of bucket ids and, optionally, the token each came from. */
export class FeatureBuffer {
  ids = new Int32Array(512);
  owners: Int32Array | null = null;
  length = 0;

  constructor(trackOwners = false) {
    if (trackOwners) this.owners = new Int32Array(512);
  }

  reset(): void {
    this.length = 0;
  }

  push(id: number, owner: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      if (this.owners) {
        const owners = new Int32Array(ids.length);
        owners.set(this.owners);
        this.owners = owners;
      }
    }
    this.ids[this.length] = id;
    if (this.owners) this.owners[this.length] = owner;
    this.length++;
  }
}

export interface Words {
  text: string;
  surfaces: string[];
  starts: number[];
}

/** Normalised text split into feature words (punctuation runs kept: !!, ?, ~ carry sentiment). */
export function featureWords(raw: string): Words {
  const text = normalizeText(raw);
  const surfaces: string[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(WORD)) {
    surfaces.push(m[0]);
    starts.push(m.index);
  }
  return { text, surfaces, starts };
}

function stemOf(w: string, lemmas: boolean): string {
  const c = w.charCodeAt(0);
  if (c >= 0xac00 && c <= 0xd7a3) return lemmas ? koreanLemma(w).term : stripKorean(w);
  if (c >= 0x61 && c <= 0x7a) return stemEnglish(w);
  return w;
}

/** How many times a prior token is pushed: it should count about as much as a handful of n-grams. */
const PRIOR_COPIES = 3;

/**
 * Extracts the features of one text into `buf` (cleared first). `priors` are small integer tokens
 * (model/priors.ts) read only by specs with `priors`.
 */
export function featurize(raw: string, spec: FeatureSpec, buf: FeatureBuffer, priors?: readonly number[]): Words {
  buf.reset();
  const mask = (1 << spec.bits) - 1;
  const words = featureWords(raw);
  const { text, surfaces, starts } = words;
  const track = buf.owners !== null;
  let wi = 0;
  // character n-grams over the normalised text, '_' for spaces and at both ends
  const padded = ' ' + text + ' ';
  for (let i = 0; i < padded.length; i++) {
    if (track) while (wi + 1 < starts.length && starts[wi + 1]! <= i - 1) wi++;
    let h = FNV_OFFSET;
    for (let n = 1; n <= spec.charMax && i + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
      if (n >= spec.charMin) {
        if (n === 1 && padded.charCodeAt(i) === 32) continue;
        buf.push(mix(h, n) & mask, wi);
      }
    }
  }
  if (spec.spacelessMax > 1) {
    const tight = text.replace(/ /g, '');
    for (let i = 0; i < tight.length; i++) {
      let h = FNV_OFFSET ^ 0x5bd1e995;
      for (let n = 1; n <= spec.spacelessMax && i + n <= tight.length; n++) {
        h = Math.imul(h ^ tight.charCodeAt(i + n - 1), FNV_PRIME);
        if (n >= 2) buf.push(mix(h, 100 + n) & mask, -1);
      }
    }
  }
  const wordHashes: number[] = [];
  for (let k = 0; k < surfaces.length; k++) {
    const h = hashString(surfaces[k]!, 11);
    wordHashes.push(h);
    buf.push(mix(h, 201) & mask, k);
  }
  for (let n = 2; n <= spec.wordMax; n++) {
    for (let k = 0; k + n <= surfaces.length; k++) {
      let h = FNV_OFFSET;
      for (let j = 0; j < n; j++) h = Math.imul(h ^ wordHashes[k + j]!, FNV_PRIME) ^ SEP;
      buf.push(mix(h, 200 + n) & mask, k);
    }
  }
  if (spec.stems) {
    let prev = 0;
    for (let k = 0; k < surfaces.length; k++) {
      const h = hashString(stemOf(surfaces[k]!, spec.lemmas === true), 13);
      buf.push(mix(h, 301) & mask, k);
      if (k > 0) buf.push(mix(Math.imul(prev ^ h, FNV_PRIME), 302) & mask, k - 1);
      prev = h;
    }
  }
  if (spec.cues) {
    for (const c of matchCues(text)) {
      // several copies: the cue counts about as much as a handful of n-grams
      for (let r = 0; r < 4; r++) buf.push(mix(0x9e3779b9 + c, 400 + r) & mask, -1);
    }
  }
  if (spec.priors && priors) {
    for (const t of priors) for (let r = 0; r < PRIOR_COPIES; r++) buf.push(mix(0x27d4eb2d + t, 500 + r) & mask, -1);
  }
  buf.push(mask, -1); // bias bucket
  return words;
}
