/**
 * The blog's HTML sanitiser: an allow-list over htmlparser2's tokens. Kept: text (re-escaped), a small
 * set of formatting tags, links to http(s)/mailto, images from https or data:image with their alt text.
 * Dropped: every other tag, every event handler and style attribute, and the content of script, style,
 * iframe, object, template, noscript and svg elements. The output is well-formed (open tags are closed).
 */
import { Parser } from 'htmlparser2';

const KEEP = new Set([
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'a',
  'blockquote',
  'code',
  'pre',
  'img',
  'figure',
  'figcaption',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'sup',
  'sub',
  'span',
]);
const VOID = new Set(['br', 'img', 'hr']);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'textarea', 'select', 'title', 'head']);
/** Headings above h2 are the page's own: an h1 in a post becomes an h2. */
const RENAME: Record<string, string> = { h1: 'h2', h5: 'h4', h6: 'h4' };

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function safeUrl(raw: string, image: boolean): string | undefined {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"); so do we.
  const url = [...raw].filter((c) => c.codePointAt(0)! > 0x20 && c.codePointAt(0) !== 0x7f).join('');
  if (image && /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=]+$/i.test(url)) return url;
  if (/^https:\/\//i.test(url)) return url;
  if (!image && /^(http:\/\/|mailto:)/i.test(url)) return url;
  if (!image && /^(\/|#)/.test(url) && !url.startsWith('//')) return url;
  return undefined;
}

export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping = 0;
  const parser = new Parser(
    {
      onopentag(rawName, attrs) {
        const name = RENAME[rawName] ?? rawName;
        if (DROP_WITH_CONTENT.has(rawName)) {
          dropping++;
          return;
        }
        if (dropping || !KEEP.has(name)) return;
        let a = '';
        if (name === 'a') {
          const href = attrs.href === undefined ? undefined : safeUrl(attrs.href, false);
          if (href) a += ` href="${escapeHtml(href)}"`;
          if (href && /^https?:/i.test(href)) a += ' rel="noopener nofollow ugc"';
        } else if (name === 'img') {
          const src = attrs.src === undefined ? undefined : safeUrl(attrs.src, true);
          if (!src) return;
          a += ` src="${escapeHtml(src)}" alt="${escapeHtml(attrs.alt ?? '')}" loading="lazy"`;
        } else if ((name === 'td' || name === 'th') && attrs.colspan && /^\d{1,2}$/.test(attrs.colspan)) {
          a += ` colspan="${attrs.colspan}"`;
        }
        out.push(`<${name}${a}>`);
        if (!VOID.has(name)) open.push(name);
      },
      ontext(text) {
        if (!dropping) out.push(escapeHtml(text));
      },
      onclosetag(rawName) {
        const name = RENAME[rawName] ?? rawName;
        if (DROP_WITH_CONTENT.has(rawName)) {
          dropping = Math.max(0, dropping - 1);
          return;
        }
        if (dropping || VOID.has(name)) return;
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        while (open.length > at) out.push(`</${open.pop()}>`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(input);
  parser.end();
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join('');
}

/** The text of sanitised HTML (for summaries and feeds' descriptions). */
export function htmlText(html: string): string {
  const parts: string[] = [];
  const parser = new Parser({ ontext: (t) => void parts.push(t), onclosetag: (n) => void (/^(p|li|h\d|br|blockquote|tr)$/.test(n) && parts.push(' ')) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}
