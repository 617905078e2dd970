import { describe, expect, it } from 'vitest';
import { defaultTokenizer } from '../nlp/index.js';
import { compileQuery, type MatchItem } from '../modules/listening/index.js';
import { parseAndValidate } from '../modules/listening/index.js';
import { documentText, hashtagsOf, mentionsOf } from '../nlp/index.js';
import { demoAuthors, demoPosts, spikeScenario } from './dataset/index.js';
import { authorFor } from './to-events.js';
import { DEMO_QUERIES, DEMO_SOV_SET, demoExpression } from './queries.js';
import type { DemoPost } from './types.js';

const CHANNELS = ['x', 'meta', 'youtube', 'mastodon', 'bluesky', 'blog', 'email', 'webhook'];
const authors = new Map(demoAuthors.map((a) => [a.id, a]));

/** A demo post as the matcher sees it after ingest (same text, tokens, mentions, channel). */
function asItem(p: DemoPost): MatchItem {
  const text = documentText(p.title ?? null, p.text);
  const author = authorFor(authors.get(p.author)!, p.channel);
  const mentioned = p.mentions.map((id) => authorFor(authors.get(id)!, p.channel).handle ?? '');
  return {
    text,
    tokens: defaultTokenizer.terms(text),
    hashtags: hashtagsOf(text),
    mentions: [...new Set([...mentionsOf(text), ...mentioned.map((m) => m.toLowerCase())])],
    author: { handle: author.handle ?? null, followers: author.followers ?? null },
    lang: p.lang,
    channel: p.channel,
    kind: p.kind,
    sentiment: null,
    intents: [],
  };
}

const matcher = (name: string, channels = CHANNELS) => {
  const q = DEMO_QUERIES.find((x) => x.name === name)!;
  return compileQuery(parseAndValidate(demoExpression(q, channels), { channels }));
};
const count = (posts: readonly DemoPost[], name: string) => posts.filter((p) => matcher(name)(asItem(p))).length;

describe('demo monitoring queries', () => {
  it('every expression parses against the bundled channels', () => {
    for (const q of DEMO_QUERIES) expect(() => parseAndValidate(demoExpression(q, CHANNELS), { channels: CHANNELS }), q.name).not.toThrow();
  });

  it('drops channel filters a build has no adapter for, so the expressions still validate', () => {
    const brand = DEMO_QUERIES.find((q) => q.kind === 'brand')!;
    expect(demoExpression(brand, ['x'])).not.toContain('channel:');
    expect(() => parseAndValidate(demoExpression(brand, ['testchan']), { channels: ['testchan'] })).not.toThrow();
  });

  it('each query matches its share of the replayed posts', () => {
    const counts = Object.fromEntries(DEMO_QUERIES.map((q) => [q.name, count(demoPosts, q.name)]));
    expect(counts['한빛은행']).toBeGreaterThan(200);
    expect(counts['한빛카드']).toBeGreaterThanOrEqual(30);
    expect(counts['한빛 모바일뱅킹']).toBeGreaterThanOrEqual(40);
    expect(counts['누리은행']).toBeGreaterThanOrEqual(15);
    expect(counts['다온카드']).toBeGreaterThanOrEqual(8);
    // The competitors are not the bank: a post about 누리은행 alone is not counted for 한빛은행.
    const nuriOnly = demoPosts.filter((p) => matcher('누리은행')(asItem(p)) && !/한빛|hanbit/i.test(p.text + (p.title ?? '')) && p.channel !== 'webhook');
    expect(nuriOnly.length).toBeGreaterThan(0);
    for (const p of nuriOnly) expect(matcher('한빛은행')(asItem(p)), p.id).toBe(false);
  });

  it('the brand and the app query catch nearly all of the outage spike', () => {
    const customer = spikeScenario.filter((p) => authors.get(p.author)?.org !== 'bank');
    expect(count(customer, '한빛은행')).toBeGreaterThanOrEqual(Math.floor(customer.length * 0.75));
    expect(count(spikeScenario, '한빛 모바일뱅킹')).toBeGreaterThanOrEqual(20);
  });

  it('groups the bank and both competitors into one share-of-voice set, with alerts on the bank only', () => {
    const set = DEMO_QUERIES.filter((q) => q.setId === DEMO_SOV_SET);
    expect(set.map((q) => q.kind).sort()).toEqual(['brand', 'competitor', 'competitor']);
    expect(DEMO_QUERIES.filter((q) => q.alert).every((q) => q.kind === 'brand' || q.kind === 'product')).toBe(true);
    expect(DEMO_SOV_SET).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });
});
