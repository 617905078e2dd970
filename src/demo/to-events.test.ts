import { describe, expect, it } from 'vitest';
import type { CanonicalItem, ChannelEvent } from '../channels/port.js';
import { demoAuthorsById, demoFollows, demoPosts, spikeScenario } from './dataset/index.js';
import { authorFor, followEvents, nativeIdOf, toChannelBatches, toEvents } from './to-events.js';
import type { DemoChannel } from './types.js';

const start = new Date('2026-03-02T03:00:00Z');
const events = toEvents(demoPosts, { start });
const items = new Map(events.map((e) => [(e as Extract<ChannelEvent, { type: 'upsert' }>).item.nativeId, (e as Extract<ChannelEvent, { type: 'upsert' }>).item]));
const item = (id: string): CanonicalItem => {
  const it = items.get(id);
  if (!it) throw new Error(`no item ${id}`);
  return it;
};
const authorOn = (id: string, channel: DemoChannel) => authorFor(demoAuthorsById.get(id)!, channel);

describe('toEvents', () => {
  it('makes one upsert per post, with unique ids and createdAt = start + offset', () => {
    expect(events).toHaveLength(demoPosts.length);
    expect(events.every((e) => e.type === 'upsert')).toBe(true);
    expect(items.size).toBe(demoPosts.length);
    for (const p of demoPosts) expect(item(p.id).createdAt.getTime()).toBe(start.getTime() + Math.round(p.at * 60_000));
  });

  it('is deterministic', () => {
    expect(toEvents(demoPosts, { start })).toEqual(events);
    expect(toEvents(spikeScenario, { start, variant: 's1' })).toEqual(toEvents(spikeScenario, { start, variant: 's1' }));
  });

  it('turns a reply into a reply interaction towards the parent author, without a duplicate mention', () => {
    const reply = item('x-004');
    expect(reply.kind).toBe('reply');
    expect(reply.parentNativeId).toBe('x-001');
    expect(reply.threadNativeId).toBe('x-001');
    expect(reply.interactions).toEqual([{ type: 'reply', target: authorOn('moneytalk_kim', 'x'), targetItemNativeId: 'x-001' }]);
    // Deeper in the chain the thread is still the root.
    expect(item('x-017').threadNativeId).toBe('x-001');
    expect(item('x-017').parentNativeId).toBe('x-016');
  });

  it('adds mentions of other customers', () => {
    const post = item('ch-018');
    expect(post.interactions).toEqual([{ type: 'mention', target: authorOn('dayeon_student', 'x') }]);
    const reply = item('ch-019');
    expect(reply.interactions.map((i) => i.type)).toEqual(['reply']); // @coffee_ju is the parent's author
  });

  it('turns reposts and quotes into repost and quote interactions', () => {
    const rt = item('x-002');
    expect(rt.kind).toBe('repost');
    expect(rt.text.startsWith('RT @moneytalk_kim: 한빛카드 연회비')).toBe(true);
    expect(rt.interactions).toEqual([{ type: 'repost', target: authorOn('moneytalk_kim', 'x'), targetItemNativeId: 'x-001' }]);
    const quote = item('x-007');
    expect(quote.kind).toBe('quote');
    expect(quote.interactions).toEqual([
      { type: 'quote', target: authorOn('moneytalk_kim', 'x'), targetItemNativeId: 'x-001' },
      { type: 'mention', target: authorOn('hanbitcard', 'x') },
    ]);
    const boost = item('bs-004');
    expect(boost.kind).toBe('repost');
    expect(boost.interactions[0]!.target.nativeId).toBe(authorOn('sam_in_seoul', 'bluesky').nativeId);
    expect(boost.lang).toBe('en');
  });

  it('makes comments answer the brand post and mark the brand as outbound', () => {
    const page = item('fb-001');
    expect(page.direction).toBe('outbound');
    const comment = item('fb-002');
    expect(comment.kind).toBe('comment');
    expect(comment.direction).toBe('inbound');
    expect(comment.interactions).toEqual([{ type: 'reply', target: authorOn('hanbitbank', 'meta'), targetItemNativeId: 'fb-001' }]);
    const nested = item('fb-004');
    expect(nested.kind).toBe('reply');
    expect(nested.threadNativeId).toBe('fb-001');
  });

  it('keeps DM threads private, in one conversation, without network edges', () => {
    const thread = demoPosts.filter((p) => p.thread === 'dm:messenger:chaewon_s').map((p) => item(p.id));
    expect(thread.length).toBe(4);
    for (const m of thread) {
      expect(m.kind).toBe('direct_message');
      expect(m.isPrivate).toBe(true);
      expect(m.threadNativeId).toBe('dm:messenger:chaewon_s');
      expect(m.interactions).toEqual([]);
    }
    expect(thread.map((m) => m.direction)).toEqual(['inbound', 'inbound', 'outbound', 'inbound']);
  });

  it('threads e-mail by Re: subject, with the address as the author id', () => {
    const first = item('em-001');
    const answer = item('em-002');
    const followUp = item('em-003');
    expect(first.author.nativeId).toBe(demoAuthorsById.get('seokjin_b')!.email);
    expect(answer.title).toBe('Re: 금리인하요구권 거절 사유 문의');
    expect(answer.direction).toBe('outbound');
    expect(followUp.parentNativeId).toBe('em-002');
    expect(followUp.threadNativeId).toBe('em-001');
    expect(followUp.isPrivate).toBe(true);
    expect(followUp.interactions).toEqual([{ type: 'reply', target: authorOn('hanbit_care', 'email'), targetItemNativeId: 'em-002' }]);
  });

  it('sets the language only where the channel says it, and carries blog URLs and review ratings', () => {
    expect(item('x-024').lang).toBe('en');
    expect(item('md-001').lang).toBe('ko');
    expect(item('fb-012').lang).toBeUndefined();
    expect(item('bl-003').url).toMatch(/^https:\/\/blog\.example\.com\//);
    expect(item('bl-003').title).toBeTruthy();
    const review = item('ar-001');
    expect(review.kind).toBe('review');
    expect(review.raw).toMatchObject({ demo: true, surface: 'app_review', rating: 1 });
  });

  it('suffixes every id, reference and conversation with the variant', () => {
    const looped = toEvents(demoPosts, { start, variant: 'l2' }).map((e) => (e as Extract<ChannelEvent, { type: 'upsert' }>).item);
    const ids = new Set(looped.map((i) => i.nativeId));
    for (const i of looped) {
      expect(i.nativeId.endsWith('~l2')).toBe(true);
      if (i.parentNativeId) expect(ids.has(i.parentNativeId)).toBe(true);
      if (i.threadNativeId) expect(i.threadNativeId.endsWith('~l2')).toBe(true);
      for (const x of i.interactions) if (x.targetItemNativeId) expect(ids.has(x.targetItemNativeId), x.targetItemNativeId).toBe(true);
    }
    expect(nativeIdOf('x-001', 'l2')).toBe('x-001~l2');
    expect(nativeIdOf('x-001')).toBe('x-001');
  });

  it('batches by channel, all eight, with parents ahead of replies inside each batch', () => {
    const batches = toChannelBatches(demoPosts, { start });
    expect(batches.map((b) => b.channel).sort()).toEqual(['blog', 'bluesky', 'email', 'mastodon', 'meta', 'webhook', 'x', 'youtube']);
    expect(batches.reduce((n, b) => n + b.events.length, 0)).toBe(demoPosts.length);
    for (const b of batches) {
      const seen = new Set<string>();
      for (const e of b.events) {
        const it = (e as Extract<ChannelEvent, { type: 'upsert' }>).item;
        if (it.parentNativeId) expect(seen.has(it.parentNativeId), `${b.channel}: ${it.nativeId}`).toBe(true);
        seen.add(it.nativeId);
      }
    }
  });

  it('gives each channel its own shape of author id', () => {
    const a = demoAuthorsById.get('sam_in_seoul')!;
    expect(authorFor(a, 'email').nativeId).toBe(a.email);
    expect(authorFor(a, 'bluesky').nativeId).toMatch(/^did:plc:/);
    expect(authorFor(a, 'bluesky').handle).toBe('sam-in-seoul.bsky.social');
    expect(authorFor(a, 'x')).toMatchObject({ handle: 'sam_in_seoul', followers: 41_300 });
  });

  it('turns the follow list into follow interactions', () => {
    const at = new Date('2026-03-01T00:00:00Z');
    const follows = followEvents(at);
    expect(follows).toHaveLength(demoFollows.length);
    expect(follows[0]).toEqual({ type: 'interaction', interaction: { type: 'follow', source: authorOn(demoFollows[0]![0], 'x'), target: authorOn(demoFollows[0]![1], 'x'), at } });
  });
});
