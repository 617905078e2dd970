/**
 * RFC 5322 messages → canonical items with mailparser (which decodes legacy Korean charsets such as
 * EUC-KR and ks_c_5601-1987 in bodies and encoded-word headers). Threads follow Message-ID, In-Reply-To
 * and References: the thread is the first References entry (the root), the parent is In-Reply-To.
 */
import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { CanonicalAuthor, CanonicalItem, MediaRef } from '../port.js';

export interface MessageMeta {
  uid: number;
  uidValidity: string;
  mailbox: string;
  host: string;
  internalDate?: Date;
}

/** A Message-ID without angle brackets or surrounding space. */
export function bareId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

export function idList(value: string | string[] | undefined): string[] {
  const all = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.match(/<[^<>]+>/g) ?? v.split(/\s+/));
  return all.map(bareId).filter(Boolean);
}

function addresses(v: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((o) => o.value).flatMap((a) => (a.address ? [{ address: a.address.toLowerCase(), name: a.name }] : a.group ? a.group.filter((g) => g.address).map((g) => ({ address: g.address!.toLowerCase(), name: g.name })) : []));
}

function author(a: { address: string; name: string } | undefined): CanonicalAuthor {
  return { nativeId: a?.address ?? 'unknown@invalid', handle: a?.address, displayName: a?.name || undefined };
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;

function media(parsed: ParsedMail, messageId: string): MediaRef[] {
  return parsed.attachments.map((a, i): MediaRef => {
    const t = a.contentType ?? 'application/octet-stream';
    const type = t.startsWith('image/') ? 'image' : t.startsWith('video/') ? 'video' : t.startsWith('audio/') ? 'audio' : 'file';
    const part = a.cid ?? a.filename ?? `part${i + 1}`;
    return { type, url: `mid:${encodeURIComponent(messageId)}/${encodeURIComponent(part)}`, mimeType: t };
  });
}

export async function messageToItem(source: Buffer, meta: MessageMeta, ownAddress: string): Promise<CanonicalItem> {
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true });
  const messageId = parsed.messageId ? bareId(parsed.messageId) : `${meta.uidValidity}.${meta.uid}.${meta.mailbox}@${meta.host}`;
  const references = idList(parsed.references);
  const inReplyTo = idList(parsed.inReplyTo)[0];
  const parent = inReplyTo ?? references.at(-1);
  const from = addresses(parsed.from)[0];
  const to = addresses(parsed.to);
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const text = (parsed.text ?? (html ? convert(html, { wordwrap: false }) : '')).replace(/\r\n/g, '\n').trim();
  const own = ownAddress.toLowerCase();
  const interactions: CanonicalItem['interactions'] = [];
  const replyTarget = to.find((a) => a.address !== from?.address);
  if (parent && replyTarget) interactions.push({ type: 'reply', target: author(replyTarget), targetItemNativeId: parent });
  const headers: Record<string, string> = {};
  for (const h of parsed.headerLines) if (['from', 'to', 'cc', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'content-type'].includes(h.key)) headers[h.key] = h.line.slice(h.line.indexOf(':') + 1).trim();
  return {
    nativeId: messageId,
    kind: 'email',
    author: author(from),
    parentNativeId: parent,
    threadNativeId: references[0] ?? parent ?? messageId,
    title: parsed.subject,
    text,
    links: [...new Set(text.match(URL_RE) ?? [])],
    media: media(parsed, messageId),
    createdAt: parsed.date ?? meta.internalDate ?? new Date(0),
    isPrivate: true,
    direction: from?.address === own ? 'outbound' : 'inbound',
    interactions,
    raw: { uid: meta.uid, uidValidity: meta.uidValidity, mailbox: meta.mailbox, headers, text: parsed.text, html, attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })) },
  };
}

/** "Re: " once, whatever the original carried (Re:, RE:, 회신:, Fwd: kept). */
export function replySubject(subject: string | undefined): string {
  const s = (subject ?? '').trim();
  if (/^(re|회신|답장)\s*(\[\d+\])?\s*:/i.test(s)) return s;
  return `Re: ${s}`.trim();
}
