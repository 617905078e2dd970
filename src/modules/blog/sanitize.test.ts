import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlText, sanitizeHtml } from './sanitize.js';

const ALLOWED = new Set([
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

/** Every tag in the output is allowed, with only safe attributes; no '<' starts anything else. */
function expectHarmless(out: string): void {
  for (const m of out.matchAll(/<(\/?)([^\s>/]*)([^>]*)>/g)) {
    expect(ALLOWED.has(m[2]!), `tag ${m[2]}`).toBe(true);
    for (const a of m[3]!.matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
      expect(['href', 'src', 'alt', 'colspan', 'rel', 'loading'], `attribute ${a[1]}`).toContain(a[1]);
      if (a[1] === 'href' || a[1] === 'src') expect(a[2]).toMatch(/^(https?:\/\/|mailto:|\/[^/]|#|data:image\/(png|jpe?g|gif|webp);base64,)/i);
    }
    expect(m[3]!.replace(/\s[^\s=]+="[^"]*"/g, '').trim(), 'nothing but quoted attributes').toBe('');
  }
  expect(out.replace(/<(\/?)([^\s>/]*)([^>]*)>/g, ''), 'no stray angle bracket').not.toMatch(/[<>]/);
}

describe('blog sanitiser', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', ''],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="&#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="//evil.example/x">x</a>', '<a>x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a">', ''],
    ['<img src="https://cdn.example/a.png" alt="금리 &quot;표&quot;">', '<img src="https://cdn.example/a.png" alt="금리 &quot;표&quot;" loading="lazy">'],
    ['<p style="background:url(javascript:alert(1))">글</p>', '<p>글</p>'],
    ['<scr<script>ipt>alert(1)</script>', 'ipt&gt;alert(1)'],
    ['<p>열린 <b>태그', '<p>열린 <b>태그</b></p>'],
    ['</p></b>닫힘만', '<p></p>닫힘만'],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ''],
    ['<h1>제목</h1><h6>작은</h6>', '<h2>제목</h2><h4>작은</h4>'],
    ['<table><tr><td colspan="2" onclick="x">칸</td></tr></table>', '<table><tr><td colspan="2">칸</td></tr></table>'],
  ])('%s → %s', (input, output) => {
    expect(sanitizeHtml(input)).toBe(output);
  });

  it('never lets anything executable through, whatever the input (property)', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '=',
      '/',
      ' ',
      '\t',
      '&',
      '#',
      ';',
      'script',
      'img',
      'a',
      'href',
      'src',
      'onerror',
      'onload',
      'javascript:',
      'java\tscript:',
      'svg',
      'iframe',
      'style',
      'x',
      '한글',
      '&lt;',
      '&#60;',
      'data:',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const out = sanitizeHtml(parts.join(''));
        expectHarmless(out);
        // Idempotent: sanitising the output changes nothing.
        expect(sanitizeHtml(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps Korean text and reads it back as plain text', () => {
    const html = sanitizeHtml('<p>예금자보호법에 따라 <strong>1억 원</strong>까지 보호</p><ul><li>세전 연 3.5%</li></ul>');
    expect(htmlText(html)).toBe('예금자보호법에 따라 1억 원까지 보호 세전 연 3.5%');
  });
});
