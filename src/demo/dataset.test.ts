import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIG_MOUTHS, demoAuthors, demoAuthorsById, demoCustomers, demoFollows, demoPosts, spikeScenario } from './dataset/index.js';
import { DEMO_INTENTS, SURFACE_CHANNEL, type DemoChannel, type DemoPost } from './types.js';
import { detectLanguage } from '../nlp/index.js';
import { detectPii } from '../nlp/index.js';
import { luhnValid } from '../nlp/index.js';

const all = [...demoPosts, ...spikeScenario];
const byId = new Map(all.map((p) => [p.id, p]));
const isBank = (p: DemoPost): boolean => demoAuthorsById.get(p.author)?.org === 'bank';
const customerPosts = demoPosts.filter((p) => !isBank(p));
const count = <T>(xs: readonly T[], key: (x: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};

describe('demo dataset: integrity', () => {
  it('has unique ids across the dataset and the spike scenario', () => {
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  });

  it('never says the same thing twice: no two posts share a text (reposts carry their original by design)', () => {
    const norm = (s: string): string =>
      s
        .normalize('NFKC')
        .toLowerCase()
        .replace(/@[\w.]+/g, ' ')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const byText = new Map<string, string[]>();
    for (const p of all) {
      if (p.kind === 'repost') continue;
      const key = norm(p.text);
      byText.set(key, [...(byText.get(key) ?? []), p.id]);
    }
    expect([...byText.values()].filter((ids) => ids.length > 1)).toEqual([]);
    expect([...byText.keys()].filter((k) => k.length < 2)).toEqual([]);
    for (const p of all.filter((p) => p.kind === 'repost')) expect(byId.get(p.repostOf!)!.text, p.id).toBe(p.channel === 'x' ? p.text.replace(/^RT @[\w.]+: /, '') : p.text);
  });

  it('has at least 400 posts, at least 400 of them from customers', () => {
    expect(demoPosts.length).toBeGreaterThanOrEqual(400);
    expect(customerPosts.length).toBeGreaterThanOrEqual(400);
  });

  it('refers only to known authors, about sixty of them, all used', () => {
    expect(demoAuthors.length).toBeGreaterThanOrEqual(55);
    expect(demoAuthors.length).toBeLessThanOrEqual(70);
    expect(new Set(demoAuthors.map((a) => a.id)).size).toBe(demoAuthors.length);
    for (const p of all) {
      expect(demoAuthorsById.has(p.author), p.id).toBe(true);
      for (const m of p.mentions) expect(demoAuthorsById.has(m), `${p.id} mentions ${m}`).toBe(true);
    }
    const used = new Set(all.map((p) => p.author));
    expect(demoAuthors.filter((a) => !used.has(a.id)).map((a) => a.id)).toEqual([]);
    for (const [a, b] of demoFollows) expect(demoAuthorsById.has(a) && demoAuthorsById.has(b)).toBe(true);
  });

  it('has parents, quoted and reposted posts that exist, on the same channel, earlier in the replay', () => {
    for (const p of all) {
      for (const ref of [p.parent, p.quoteOf, p.repostOf]) {
        if (!ref) continue;
        const target = byId.get(ref);
        expect(target, `${p.id} → ${ref}`).toBeDefined();
        expect(target!.channel, `${p.id} → ${ref}`).toBe(p.channel);
        expect(target!.at, `${p.id} → ${ref}`).toBeLessThanOrEqual(p.at);
        expect(demoPosts.includes(p)).toBe(demoPosts.includes(target!)); // the spike is self-contained
      }
    }
  });

  it('is in replay order: offsets ascending, a parent before its replies', () => {
    const position = new Map(demoPosts.map((p, i) => [p.id, i]));
    demoPosts.forEach((p, i) => {
      if (i > 0) expect(p.at).toBeGreaterThanOrEqual(demoPosts[i - 1]!.at);
      expect(p.at).toBeGreaterThanOrEqual(0);
      for (const ref of [p.parent, p.quoteOf, p.repostOf]) if (ref) expect(position.get(ref)!).toBeLessThan(i);
    });
  });

  it('gives every reply the root of its chain as thread, and DMs a conversation key', () => {
    for (const p of all) {
      if (p.parent) {
        let root = byId.get(p.parent)!;
        while (root.parent) root = byId.get(root.parent)!;
        expect(p.thread, p.id).toBe(root.id);
      }
      if (p.kind === 'direct_message') expect(p.thread, p.id).toMatch(/^dm:/);
    }
    const dmThreads = count(
      all.filter((p) => p.kind === 'direct_message'),
      (p) => p.thread!,
    );
    for (const [thread] of dmThreads) expect(new Set(all.filter((p) => p.thread === thread).map((p) => p.channel)).size).toBe(1);
    expect([...dmThreads.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(10);
    const emailThreads = count(
      demoPosts.filter((p) => p.kind === 'email'),
      (p) => p.thread ?? p.id,
    );
    expect([...emailThreads.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(4);
    for (const p of demoPosts.filter((x) => x.kind === 'email')) expect(p.title, p.id).toBeTruthy();
  });

  it('keeps each dataset file under 400 lines', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dataset');
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length, f).toBeLessThan(400);
  });
});

describe('demo dataset: content mix', () => {
  it('is about three quarters Korean and one quarter English, and the language detector agrees', () => {
    const en = demoPosts.filter((p) => p.lang === 'en').length / demoPosts.length;
    expect(en).toBeGreaterThan(0.2);
    expect(en).toBeLessThan(0.3);
    for (const p of all) {
      const detected = detectLanguage(p.text).language;
      expect([p.lang, 'mixed'], `${p.id}: ${p.text}`).toContain(detected);
    }
  });

  it('covers every channel and every surface', () => {
    const channels = new Set(demoPosts.map((p) => p.channel));
    const expected: DemoChannel[] = ['x', 'meta', 'youtube', 'mastodon', 'bluesky', 'blog', 'email', 'webhook'];
    expect([...channels].sort()).toEqual([...expected].sort());
    const surfaces = count(demoPosts, (p) => p.surface);
    for (const s of Object.keys(SURFACE_CHANNEL)) expect(surfaces.get(s) ?? 0, s).toBeGreaterThanOrEqual(20);
    for (const p of all) expect(SURFACE_CHANNEL[p.surface]).toBe(p.channel);
  });

  it('covers every intent with a fair number of customer posts', () => {
    const intents = count(
      customerPosts.flatMap((p) => p.intents),
      (i) => i,
    );
    for (const intent of DEMO_INTENTS) expect(intents.get(intent) ?? 0, intent).toBeGreaterThanOrEqual(15);
    for (const p of all) expect(p.intents.length, p.id).toBeGreaterThan(0);
  });

  it('covers the finance topics the product is about', () => {
    const text = customerPosts.map((p) => p.text).join('\n');
    for (const topic of [
      /먹통/,
      /결제 거절|declined/,
      /수수료/,
      /환불/,
      /연체/,
      /불친절|상담원/,
      /대출 금리|금리/,
      /계좌 개설|open (a|an) .*account/i,
      /해외결제|overseas/i,
      /적금/,
      /해지/,
      /갈아타/,
      /보이스피싱/,
      /스미싱/,
      /unauthori[sz]ed|부정사용|도용/i,
    ]) {
      expect(text, String(topic)).toMatch(topic);
    }
  });

  it('uses only the fictional brands, never real bank or card company names', () => {
    const text = [...all.map((p) => `${p.title ?? ''} ${p.text}`), ...demoAuthors.map((a) => `${a.handle} ${a.displayName} ${a.email}`)].join('\n');
    for (const real of [
      /국민은행/,
      /\bKB\b/,
      /신한/,
      /우리은행/,
      /우리카드/,
      /하나은행/,
      /하나카드/,
      /농협/,
      /\bNH\b/,
      /기업은행/,
      /\bIBK\b/,
      /카카오뱅크/,
      /케이뱅크/,
      /토스뱅크/,
      /삼성카드/,
      /현대카드/,
      /롯데카드/,
      /BC ?카드/,
      /씨티/,
      /SC제일/,
      /Shinhan|Woori|Kookmin|Hana Bank|Hyundai Card|Samsung Card|Lotte Card|Citibank|Kakao ?Bank|Toss ?Bank/i,
    ]) {
      expect(text, String(real)).not.toMatch(real);
    }
    expect(text).toMatch(/한빛은행/);
    expect(text).toMatch(/한빛카드/);
    expect(text).toMatch(/Hanbit Bank/);
    expect(text).toMatch(/누리은행/);
    expect(text).toMatch(/다온카드/);
  });

  it('carries fake personal data the detector finds, with Luhn-valid card numbers', () => {
    const withPii = all.filter((p) => p.pii.length && !p.repostOf);
    const kinds = new Set(withPii.flatMap((p) => p.pii));
    for (const k of ['card', 'phone', 'account', 'rrn', 'email'] as const) expect(kinds.has(k), k).toBe(true);
    let cards = 0;
    for (const p of withPii) {
      const found = detectPii(p.text);
      for (const kind of p.pii)
        expect(
          found.map((f) => f.type),
          `${p.id}: ${kind}`,
        ).toContain(kind);
      for (const f of found.filter((x) => x.type === 'card')) {
        expect(luhnValid(f.value!.replace(/\D/g, '')), f.value).toBe(true);
        cards++;
      }
    }
    expect(cards).toBeGreaterThanOrEqual(4);
    // Posts that declare none carry none.
    for (const p of all.filter((x) => !x.pii.length)) expect(detectPii(p.text), p.id).toEqual([]);
  });
});

describe('demo dataset: network', () => {
  const amplified = count(
    all.filter((p) => p.repostOf || p.quoteOf),
    (p) => byId.get((p.repostOf ?? p.quoteOf)!)!.author,
  );

  it('has a few big mouths with many followers whose posts are widely reposted', () => {
    for (const id of BIG_MOUTHS) expect(demoAuthorsById.get(id)!.followers).toBeGreaterThan(40_000);
    const heavy = BIG_MOUTHS.filter((id) => (amplified.get(id) ?? 0) >= 6);
    expect(heavy.length).toBeGreaterThanOrEqual(4);
    const top = [...amplified]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([id]) => id);
    for (const id of top) expect(BIG_MOUTHS).toContain(id);
    const median = [...demoAuthors].map((a) => a.followers).sort((a, b) => a - b)[Math.floor(demoAuthors.length / 2)]!;
    expect(median).toBeLessThan(5_000);
  });

  it('has reply chains, customers mentioning each other, reposts and quotes', () => {
    const replies = count(
      demoPosts.filter((p) => p.parent),
      (p) => p.parent!,
    );
    expect(Math.max(...replies.values())).toBeGreaterThanOrEqual(8);
    const deep = demoPosts.filter((p) => p.parent && byId.get(p.parent)!.parent);
    expect(deep.length).toBeGreaterThanOrEqual(20);
    const customerMentions = customerPosts.filter((p) => p.mentions.some((m) => !demoAuthorsById.get(m)!.org));
    expect(customerMentions.length).toBeGreaterThanOrEqual(20);
    expect(demoPosts.filter((p) => p.repostOf).length).toBeGreaterThanOrEqual(40);
    expect(demoPosts.filter((p) => p.quoteOf).length).toBeGreaterThanOrEqual(10);
  });
});

describe('demo dataset: customers who linked their accounts', () => {
  it('are people (not the bank, a competitor or a spammer), each once, with a customer number of their own', () => {
    expect(demoCustomers.length).toBeGreaterThanOrEqual(4);
    expect(new Set(demoCustomers.map((c) => c.author)).size).toBe(demoCustomers.length);
    expect(new Set(demoCustomers.map((c) => c.externalId)).size).toBe(demoCustomers.length);
    for (const c of demoCustomers) expect(demoAuthorsById.get(c.author)?.org, c.author).toBeUndefined();
    // Influencers among them too: the network shows a big mouth once, with all their channels.
    expect(demoCustomers.some((c) => BIG_MOUTHS.includes(c.author))).toBe(true);
  });

  it('appear on two channels or more within the history a first start writes (at least half the dataset)', () => {
    const history = demoPosts.slice(0, Math.ceil(demoPosts.length / 2));
    const byId = new Map(demoPosts.map((p) => [p.id, p]));
    // An identity exists on a channel once the person wrote there or was answered, reposted, quoted or named there.
    const appears = (who: string, p: DemoPost) => p.author === who || p.mentions.includes(who) || [p.parent, p.repostOf, p.quoteOf].some((id) => id && byId.get(id)?.author === who);
    // The history also writes the follow network, on X.
    const followed = (who: string) => (demoFollows.some(([a, b]) => a === who || b === who) ? ['x'] : []);
    for (const c of demoCustomers) {
      const channels = new Set([...history.filter((p) => appears(c.author, p)).map((p) => p.channel), ...followed(c.author)]);
      expect(channels.size, c.author).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('spike scenario', () => {
  it('is about forty negative posts about the login outage within half an hour', () => {
    expect(spikeScenario.length).toBeGreaterThanOrEqual(35);
    expect(spikeScenario.length).toBeLessThanOrEqual(45);
    const span = Math.max(...spikeScenario.map((p) => p.at)) - Math.min(...spikeScenario.map((p) => p.at));
    expect(span).toBeLessThanOrEqual(30);
    const customers = spikeScenario.filter((p) => !isBank(p));
    const negative = customers.filter((p) => p.intents.some((i) => i === 'complaint' || i === 'churn'));
    expect(negative.length / customers.length).toBeGreaterThanOrEqual(0.95);
    const onTopic = spikeScenario.filter((p) => /먹통|로그인|log ?in|outage|down|장애/i.test(p.text));
    expect(onTopic.length / spikeScenario.length).toBeGreaterThanOrEqual(0.9);
    expect(new Set(spikeScenario.map((p) => p.channel)).size).toBeGreaterThanOrEqual(4);
  });
});
