import { isbot } from 'isbot';

/**
 * Link unfurlers and preview fetchers that isbot may not know, or that we want named here whatever
 * isbot's list becomes: a chat app fetching a preview is not a person following the link.
 */
export const UNFURLERS: readonly string[] = [
  'Twitterbot',
  'Slackbot',
  'Slack-ImgProxy',
  'kakaotalk-scrap',
  'Kakaotalk-Scrap',
  'facebookexternalhit',
  'facebookcatalog',
  'Facebot',
  'LinkedInBot',
  'Discordbot',
  'TelegramBot',
  'WhatsApp',
  'SkypeUriPreview',
  'Iframely',
  'Embedly',
  'redditbot',
  'Pinterestbot',
  'bitlybot',
  'Mastodon',
  'Bluesky Cardyb',
  'Yeti',
  'Daum',
  'line-poker',
  'Applebot',
  'Google-InspectionTool',
  'HeadlessChrome',
];
const UNFURLER = new RegExp(UNFURLERS.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');

export type Device = 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';

const verdicts = new Map<string, boolean>();

/** A crawler, unfurler or empty agent: the click is logged but not counted. Verdicts are remembered per agent string (up to 5,000). */
export function isBotAgent(ua: string | undefined): boolean {
  if (!ua || ua.trim().length < 8) return true;
  const known = verdicts.get(ua);
  if (known !== undefined) return known;
  const bot = UNFURLER.test(ua) || isbot(ua);
  if (verdicts.size >= 5000) verdicts.clear();
  if (ua.length <= 512) verdicts.set(ua, bot);
  return bot;
}

/** Browser prefetch or prerender (`Purpose: prefetch`, `Sec-Purpose: prefetch;prerender`, `X-Moz: prefetch`). */
export function isPrefetch(headers: Record<string, string | string[] | undefined>): boolean {
  const h = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).toLowerCase();
  };
  return /prefetch|prerender|preview/.test(h('purpose')) || /prefetch|prerender/.test(h('sec-purpose')) || h('x-moz') === 'prefetch' || h('x-purpose') === 'preview';
}

export function deviceOf(ua: string | undefined, bot: boolean): Device {
  if (bot) return 'bot';
  if (!ua) return 'unknown';
  if (/iPad|Tablet|SM-T\d|Nexus (7|9|10)|Kindle|Silk/i.test(ua)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android.*Mobile|Windows Phone|KAKAOTALK|SamsungBrowser.*Mobile/i.test(ua)) return 'mobile';
  if (/Android/i.test(ua)) return 'tablet';
  if (/Windows NT|Macintosh|X11|Linux|CrOS/i.test(ua)) return 'desktop';
  return 'unknown';
}

/** The host of a Referer header, lower-cased; null when absent or not an http(s) URL. */
export function referrerHost(referer: string | undefined): string | null {
  if (!referer || referer.length > 2048) return null;
  try {
    const u = new URL(referer);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase().slice(0, 253) : null;
  } catch {
    return null;
  }
}
