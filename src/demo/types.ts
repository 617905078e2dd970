/**
 * The demo dataset's own model: posts written for the product about the fictional 한빛은행 / Hanbit
 * Bank and 한빛카드 / Hanbit Card (competitors 누리은행 and 다온카드, also fictional). The converter
 * (`to-events.ts`) turns these into the canonical ChannelEvents of `src/channels/port.ts`.
 */
import type { ItemKind } from '../channels/port.js';

/** The channel adapter type ('x', 'meta', ...) the post is ingested under. */
export type DemoChannel = 'x' | 'meta' | 'youtube' | 'mastodon' | 'bluesky' | 'blog' | 'email' | 'webhook';

/** Where inside the channel the post appears (Meta carries three surfaces, the webhook two). */
export type DemoSurface = 'x' | 'facebook' | 'instagram' | 'messenger' | 'youtube' | 'mastodon' | 'bluesky' | 'blog' | 'email' | 'kakaotalk' | 'app_review';

export const SURFACE_CHANNEL: Readonly<Record<DemoSurface, DemoChannel>> = {
  x: 'x',
  facebook: 'meta',
  instagram: 'meta',
  messenger: 'meta',
  youtube: 'youtube',
  mastodon: 'mastodon',
  bluesky: 'bluesky',
  blog: 'blog',
  email: 'email',
  kakaotalk: 'webhook',
  app_review: 'webhook',
};

/**
 * What a demo account's generic bridge carries, as its `settings.source` (the webhook adapter's
 * informational setting): the signed webhook brings the KakaoTalk channel's chats (and app reviews),
 * so its card is labelled KakaoTalk rather than "signed webhook".
 */
export const DEMO_ACCOUNT_SOURCE: Readonly<Partial<Record<DemoChannel, string>>> = { webhook: 'kakaotalk' };

/**
 * What the writer meant the post to be. The first six match the NLP intent labels; 'spam' (ads,
 * scams pushing links) and 'neutral' (chatter) are there so the demo shows what is *not* a lead.
 */
export type DemoIntent = 'complaint' | 'inquiry' | 'praise' | 'purchase' | 'churn' | 'fraud' | 'spam' | 'neutral';
export const DEMO_INTENTS: readonly DemoIntent[] = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud', 'spam', 'neutral'];

/** Fake personal data a post carries on purpose, so the demo shows masking. */
export type DemoPii = 'card' | 'phone' | 'account' | 'rrn' | 'email';

export interface DemoAuthor {
  /** Stable id inside the dataset; channel-native ids are derived from it (see to-events.ts). */
  id: string;
  handle: string;
  displayName: string;
  followers: number;
  verified: boolean;
  /** 'bank' for 한빛은행 / 한빛카드 accounts (their posts are outbound), 'competitor' for 누리은행 / 다온카드. */
  org?: 'bank' | 'competitor';
  /** E-mail address (example domains) used when the author writes e-mail. */
  email: string;
}

export interface DemoPost {
  /** Stable, unique across the dataset and the spike scenario. */
  id: string;
  channel: DemoChannel;
  surface: DemoSurface;
  kind: ItemKind;
  /** DemoAuthor.id */
  author: string;
  /** E-mail subject, blog title or app-review headline. */
  title?: string;
  text: string;
  /** Dominant language of the text (mixed posts count as the language most of their letters are in). */
  lang: 'ko' | 'en';
  intents: DemoIntent[];
  /** The post this one answers (comment → post, reply → comment, e-mail → previous e-mail). */
  parent?: string;
  /** Conversation root: the first post of a reply chain, or a DM conversation key ('dm:...'). */
  thread?: string;
  /** DemoAuthor ids mentioned in the text. */
  mentions: string[];
  repostOf?: string;
  quoteOf?: string;
  /** Minutes from replay start; orders the replay (a parent always comes before its replies). */
  at: number;
  pii: DemoPii[];
  /** App reviews: 1-5 stars. */
  rating?: number;
  url?: string;
}
