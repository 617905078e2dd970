/** RSS 2.0 and Atom feeds (Naver blog, Tistory, any other) → canonical posts. */
import { XMLParser } from 'fast-xml-parser';
import { convert } from 'html-to-text';
import { ChannelError, type CanonicalItem, type MediaRef } from '../port.js';
import { canonicalUrl, naverBlogId } from './urls.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author', 'enclosure'].includes(name),
});

type Node = Record<string, unknown>;

/** The text of an element that may be a string, a CDATA-merged string, or an object with #text. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return undefined;
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  })
    .replace(/\u00a0/g, ' ')
    .trim();
}

function images(html: string | undefined): MediaRef[] {
  if (!html) return [];
  return [...new Set([...html.matchAll(/<img[^>]+src=["']([^"']+)["']/gi)].map((m) => m[1]!.replace(/&amp;/g, '&')))].map((url) => ({ type: 'image' as const, url }));
}

/** Decodes feed bytes with the charset its XML declaration names (older Korean feeds use EUC-KR). */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const label = /encoding=["']([\w.:-]+)["']/i.exec(head)?.[1] ?? /charset=([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label.toLowerCase() === 'ks_c_5601-1987' ? 'euc-kr' : label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export interface ParsedFeed {
  title?: string;
  link?: string;
  lang?: string;
  generator?: string;
  items: CanonicalItem[];
}

function atomLink(links: unknown): string | undefined {
  const list = (Array.isArray(links) ? links : [links]) as Array<Node | string | undefined>;
  const pick = list.find((l) => typeof l === 'object' && l && (l['@_rel'] === undefined || l['@_rel'] === 'alternate')) ?? list[0];
  return typeof pick === 'string' ? pick : (pick?.['@_href'] as string | undefined);
}

function date(...candidates: Array<string | undefined>): Date | undefined {
  for (const c of candidates) {
    if (!c) continue;
    const d = new Date(c.trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
}

export function parseFeed(xml: string, feedUrl: string, fetchedAt: Date): ParsedFeed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new ChannelError('malformed_payload', `feed ${feedUrl} is not XML: ${(err as Error).message}`, false);
  }
  const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (!rss && !atom) throw new ChannelError('malformed_payload', `${feedUrl} is neither RSS 2.0 nor Atom`, false);
  const channelTitle = text(rss ? rss.title : atom?.title);
  const channelLink = rss ? text(rss.link) : atomLink(atom?.link);
  const lang = text(rss?.language) ?? (atom?.['@_xml:lang'] as string | undefined);
  const entries = ((rss ? rss.item : atom?.entry) as Node[] | undefined) ?? [];
  const items: CanonicalItem[] = [];
  for (const e of entries) {
    const rawLink = rss ? text(e.link) : atomLink(e.link);
    const guid = text(rss ? e.guid : e.id);
    const id = rawLink ?? guid;
    if (!id) continue;
    const url = canonicalUrl(rawLink ?? guid ?? '');
    const html = text(e['content:encoded']) ?? text(rss ? e.description : (e.content ?? e.summary)) ?? '';
    const authorName = text(e['dc:creator']) ?? (rss ? text(e.author) : text((e.author as Node[] | undefined)?.[0]?.name)) ?? channelTitle;
    const blogId = naverBlogId(url);
    const blogHome = blogId ? `https://blog.naver.com/${blogId}` : canonicalUrl(channelLink ?? feedUrl);
    const enclosures = ((e.enclosure as Node[] | undefined) ?? []).flatMap((enc): MediaRef[] => {
      const u = enc['@_url'] as string | undefined;
      const mime = enc['@_type'] as string | undefined;
      if (!u) return [];
      const type = mime?.startsWith('image/') ? 'image' : mime?.startsWith('video/') ? 'video' : mime?.startsWith('audio/') ? 'audio' : 'file';
      return [{ type, url: u, mimeType: mime }];
    });
    const created = date(text(e.pubDate), text(e.published), text(e['dc:date']), text(e.updated)) ?? fetchedAt;
    const updated = rss ? undefined : date(text(e.updated));
    const title = text(e.title);
    items.push({
      nativeId: rawLink ? url : canonicalUrl(guid ?? url),
      kind: 'post',
      author: { nativeId: blogHome, handle: blogId, displayName: authorName, profileUrl: blogHome },
      threadNativeId: rawLink ? url : undefined,
      title: title ? htmlToText(title) : undefined,
      text: htmlToText(html),
      lang: lang?.split(/[-_]/)[0]?.toLowerCase(),
      links: [url],
      media: [...images(html), ...enclosures],
      createdAt: created,
      editedAt: updated && updated.getTime() > created.getTime() ? updated : undefined,
      url,
      isPrivate: false,
      direction: 'inbound',
      interactions: [],
      raw: e,
    });
  }
  return { title: channelTitle, link: channelLink, lang, generator: text(rss?.generator ?? atom?.generator), items };
}
