/**
 * Issue #14, finding 6: text with NUL or a lone surrogate was acknowledged, then dead-lettered forever.
 * Property tests (fast-check) over arbitrary strings: the normaliser's output is always storable, and
 * each webhook adapter's parse, followed by it, yields only storable strings whatever text arrives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractHarness } from '../../src/channels/adapter.contract.js';
import type { ChannelEvent } from '../../src/channels/port.js';
import { metaHarness } from '../../src/channels/meta/testing/harness.js';
import { webhookHarness } from '../../src/channels/webhook/testing/harness.js';
import { xHarness } from '../../src/channels/x/testing/harness.js';
import { isWellFormed, wellFormedEvents, wellFormedText } from '../../src/flows/ingest/well-formed.js';

const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const nasty = fc.oneof(anyText, fc.constantFrom('\u0000', '\uD800', '\uDFFF', 'a\uDC00b', '\uD83D', '\uD83D\uDE00', 'x\u0000\uD800y'));

describe('wellFormedText', () => {
  it('always returns well-formed text without NUL, changes nothing else, and is idempotent', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        const out = wellFormedText(s);
        expect(isWellFormed(out)).toBe(true);
        expect(out.includes('\u0000')).toBe(false);
        expect(wellFormedText(out)).toBe(out);
        // Round-trips through UTF-8 unchanged (what the store will do).
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        if (isWellFormed(s)) expect(out).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps surrogate pairs (emoji) and replaces only lone halves with U+FFFD', () => {
    expect(wellFormedText('a\uD83D\uDE00b\uD800c\u0000d')).toBe('a\uD83D\uDE00b\uFFFDcd');
  });

  it('makes every string of arbitrary events storable, keys and raw parts included, and leaves Dates alone', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    fc.assert(
      fc.property(nasty, nasty, nasty, (text, name, key) => {
        const e: ChannelEvent = {
          type: 'upsert',
          item: {
            nativeId: 'n1',
            kind: 'post',
            author: { nativeId: 'a', handle: name, displayName: name },
            text,
            links: [text],
            media: [],
            createdAt: at,
            isPrivate: false,
            direction: 'inbound',
            interactions: [],
            raw: { [key]: [text, { deep: name }] },
          },
        } as ChannelEvent;
        const [out] = wellFormedEvents([e]);
        expect(isWellFormed(out)).toBe(true);
        expect((out as Extract<ChannelEvent, { type: 'upsert' }>).item.createdAt).toBe(at);
        expect(() => JSON.parse(JSON.stringify(out))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

/** Appends `s` to every free-text string of a JSON value (texts, messages, names, titles); ids and enums stay. */
function inject(v: unknown, s: string, key = ''): unknown {
  if (typeof v === 'string') return /^(text|message|full_text|name|title|body|displayName|display_name)$/.test(key) ? v + s : v;
  if (Array.isArray(v)) return v.map((x) => inject(x, s, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inject(x, s, k)]));
  return v;
}

const harnesses: Array<[string, () => Promise<ContractHarness>]> = [
  ['x', () => xHarness()],
  ['meta', () => metaHarness()],
  ['webhook', () => webhookHarness()],
];

for (const [name, make] of harnesses) {
  describe(`${name} adapter: parse then normalise, over arbitrary text`, () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h.close());

    it('yields only storable strings, and the injected text survives (as U+FFFD where it was not valid)', () => {
      const body = JSON.parse(h.inbound!.valid.rawBody.toString('utf8')) as unknown;
      fc.assert(
        fc.property(nasty, (s) => {
          const raw = Buffer.from(JSON.stringify(inject(body, s)), 'utf8');
          const events = h.adapter.parse!({ ...h.inbound!.valid, rawBody: raw }, h.account);
          const clean = wellFormedEvents(events);
          expect(isWellFormed(clean)).toBe(true);
          const texts = clean.flatMap((e) => (e.type === 'upsert' ? [e.item.text] : []));
          expect(texts.length).toBeGreaterThan(0);
          if (s.length > 0) expect(texts.some((t) => t.includes(wellFormedText(s)))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });
}
