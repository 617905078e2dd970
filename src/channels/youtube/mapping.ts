/** YouTube commentThreads / comments resources → canonical items. */
import type { CanonicalAuthor, CanonicalItem } from '../port.js';

export interface YtComment {
  id: string;
  snippet: {
    videoId?: string;
    channelId?: string;
    textDisplay?: string;
    textOriginal?: string;
    parentId?: string;
    authorDisplayName?: string;
    authorProfileImageUrl?: string;
    authorChannelUrl?: string;
    authorChannelId?: { value?: string };
    likeCount?: number;
    publishedAt: string;
    updatedAt?: string;
  };
}

export interface YtThread {
  id: string;
  snippet: {
    channelId?: string;
    videoId?: string;
    topLevelComment: YtComment;
    canReply?: boolean;
    totalReplyCount?: number;
    isPublic?: boolean;
  };
  replies?: { comments?: YtComment[] };
}

export interface YtThreadList {
  kind?: string;
  nextPageToken?: string;
  items?: YtThread[];
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;

export function extractLinks(text: string): string[] {
  return [...new Set(text.match(URL_RE) ?? [])];
}

function decodeEntities(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

export function commentAuthor(c: YtComment): CanonicalAuthor {
  const s = c.snippet;
  const name = s.authorDisplayName;
  return {
    nativeId: s.authorChannelId?.value ?? `name:${name ?? 'unknown'}`,
    handle: name?.startsWith('@') ? name : undefined,
    displayName: name,
    profileUrl: s.authorChannelUrl,
    avatarUrl: s.authorProfileImageUrl,
  };
}

/** The time a comment last changed: its edit time when edited, otherwise its publication. */
export function changedAt(c: YtComment): string {
  const u = c.snippet.updatedAt;
  return u && u > c.snippet.publishedAt ? u : c.snippet.publishedAt;
}

export function commentToItem(c: YtComment, thread: YtThread, ownChannelId: string | undefined): CanonicalItem {
  const s = c.snippet;
  const videoId = s.videoId ?? thread.snippet.videoId;
  const top = thread.snippet.topLevelComment;
  const isReply = c.id !== top.id && !!(s.parentId ?? top.id);
  const author = commentAuthor(c);
  const text = s.textOriginal ?? decodeEntities(s.textDisplay ?? '');
  const interactions: CanonicalItem['interactions'] = [];
  if (isReply) {
    const target = commentAuthor(top);
    if (target.nativeId !== author.nativeId) interactions.push({ type: 'reply', target, targetItemNativeId: s.parentId ?? top.id });
  } else {
    const owner = thread.snippet.channelId ?? s.channelId;
    if (owner && owner !== author.nativeId) interactions.push({ type: 'reply', target: { nativeId: owner }, targetItemNativeId: videoId });
  }
  const edited = s.updatedAt && s.updatedAt > s.publishedAt ? new Date(s.updatedAt) : undefined;
  return {
    nativeId: c.id,
    kind: isReply ? 'reply' : 'comment',
    author,
    parentNativeId: isReply ? (s.parentId ?? top.id) : videoId,
    threadNativeId: top.id,
    text,
    links: extractLinks(text),
    media: [],
    createdAt: new Date(s.publishedAt),
    editedAt: edited,
    url: videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(c.id)}` : undefined,
    isPrivate: false,
    direction: ownChannelId && author.nativeId === ownChannelId ? 'outbound' : 'inbound',
    interactions,
    raw: isReply ? c : { ...thread, replies: undefined },
  };
}

/** Every comment a thread carries: the top-level one, then the (at most five) replies included. */
export function threadComments(thread: YtThread): YtComment[] {
  return [thread.snippet.topLevelComment, ...(thread.replies?.comments ?? [])];
}
