/** Microblog views in the Mastodon API's entity shapes (docs.joinmastodon.org/entities). */
import type { MediaView, NotificationView, PersonView, PollView, PostView } from '../microblog/index.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const TOKEN = /(https?:\/\/[^\s<>"]+)|(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]+)|(?<![\p{L}\p{N}_.@])@([A-Za-z0-9_][A-Za-z0-9_.-]*)/gu;

/** Post text as Mastodon's HTML: paragraphs, line breaks, links, hashtags and mentions as links. */
export function contentHtml(base: string, text: string, mentions: PostView['mentions']): string {
  const paras = text.split(/\n{2,}/).map((para) => {
    let out = '';
    let last = 0;
    for (const m of para.matchAll(TOKEN)) {
      out += escapeHtml(para.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1]) out += `<a href="${escapeHtml(m[1])}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(m[1])}</a>`;
      else if (m[2]) out += `<a href="${base}/tags/${encodeURIComponent(m[2].toLowerCase())}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[2])}</span></a>`;
      else {
        const who = mentions.find((x) => x.username === m[3]!.toLowerCase().replace(/[.-]+$/, ''));
        out += who ? `<span class="h-card"><a href="${base}/@${who.username}" class="u-url mention">@<span>${escapeHtml(who.username)}</span></a></span>` : escapeHtml(m[0]);
      }
    }
    out += escapeHtml(para.slice(last));
    return `<p>${out.replace(/\n/g, '<br />')}</p>`;
  });
  return paras.join('');
}

export function account(base: string, p: PersonView) {
  const note = [p.title, p.department, p.extension ? `☎ ${p.extension}` : ''].filter(Boolean).join(' · ');
  const avatar = p.photo && /^https?:\/\//.test(p.photo) ? p.photo : `${base}/favicon.svg`;
  return {
    id: p.id,
    username: p.username,
    acct: p.username,
    display_name: p.displayName,
    locked: false,
    bot: false,
    discoverable: true,
    group: false,
    noindex: true,
    created_at: p.createdAt,
    note: note ? `<p>${escapeHtml(note)}</p>` : '',
    url: `${base}/@${p.username}`,
    uri: `${base}/users/${p.username}`,
    avatar,
    avatar_static: avatar,
    header: `${base}/favicon.svg`,
    header_static: `${base}/favicon.svg`,
    followers_count: p.followersCount,
    following_count: p.followingCount,
    statuses_count: p.postsCount,
    last_status_at: null,
    emojis: [],
    fields: [
      { name: '부서', value: escapeHtml(p.department), verified_at: null },
      { name: '직함', value: escapeHtml(p.title), verified_at: null },
      { name: '내선', value: escapeHtml(p.extension), verified_at: null },
    ].filter((f) => f.value),
    ...(p.active ? {} : { suspended: true }),
  };
}

export function poll(p: PollView) {
  return {
    id: p.id,
    expires_at: p.expiresAt,
    expired: p.expired,
    multiple: p.multiple,
    votes_count: p.votesCount,
    voters_count: p.votersCount,
    options: p.options.map((o) => ({ title: o.title, votes_count: o.votesCount })),
    emojis: [],
    voted: p.voted,
    own_votes: p.ownVotes,
  };
}

export interface MastodonStatus {
  id: string;
  [key: string]: unknown;
}

/** A Mastodon MediaAttachment: absolute addresses (clients load them without credentials: the token is the key). */
export function attachment(base: string, m: MediaView) {
  const url = `${base}${m.url}`;
  return { id: m.id, type: m.type, url, preview_url: m.type === 'image' ? url : null, remote_url: null, text_url: null, meta: {}, description: m.description || null, blurhash: null };
}

export function status(base: string, s: PostView): MastodonStatus {
  return {
    id: s.id,
    uri: `${base}/users/${s.author.username}/statuses/${s.id}`,
    url: `${base}/@${s.author.username}/${s.id}`,
    created_at: s.createdAt,
    edited_at: s.editedAt,
    account: account(base, s.author),
    content: s.reblog ? '' : contentHtml(base, s.text, s.mentions),
    text: null,
    // A closed group's post reads as followers-only to clients (no boost button; replies stay private).
    visibility: s.group?.closed ? 'private' : s.visibility,
    sensitive: !!s.spoiler,
    spoiler_text: s.spoiler,
    media_attachments: s.media.map((m) => attachment(base, m)),
    application: null,
    mentions: s.mentions.map((m) => ({ id: m.id, username: m.username, acct: m.username, url: `${base}/@${m.username}` })),
    tags: s.tags.map((t) => ({ name: t, url: `${base}/tags/${encodeURIComponent(t)}` })),
    emojis: [],
    reblogs_count: s.reblogsCount,
    favourites_count: s.favouritesCount,
    replies_count: s.repliesCount,
    in_reply_to_id: s.replyToId,
    in_reply_to_account_id: s.replyToAuthorId,
    reblog: s.reblog ? status(base, s.reblog) : null,
    poll: s.poll ? poll(s.poll) : null,
    card: null,
    language: /[\uac00-\ud7a3]/.test(s.text) ? 'ko' : 'en',
    favourited: s.favourited,
    reblogged: s.reblogged,
    muted: false,
    bookmarked: s.bookmarked,
    pinned: false,
    filtered: [],
  };
}

const MASTODON_TYPES = new Set(['mention', 'reblog', 'favourite', 'follow', 'poll', 'status']);
export const isMastodonNotification = (n: NotificationView) => MASTODON_TYPES.has(n.type);

export function notification(base: string, n: NotificationView) {
  return { id: n.id, type: n.type, created_at: n.createdAt, account: account(base, n.from), status: n.post ? status(base, n.post) : null };
}

export function tag(base: string, t: { name: string; postsCount: number; peopleCount: number; following: boolean }) {
  return { name: t.name, url: `${base}/tags/${encodeURIComponent(t.name)}`, history: [] as Array<{ day: string; uses: string; accounts: string }>, following: t.following };
}
