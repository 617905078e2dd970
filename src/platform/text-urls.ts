/**
 * The http(s) URLs written in a text, found one way everywhere: the links module rewrites them into
 * tracked short links, and a channel's reply counter (src/channels/length.ts, also in the browser) counts
 * each as the short link it will become. Pure, no Node APIs.
 */
import { safeUrl } from './safe-url.js';

export interface TextUrl {
  url: string;
  start: number;
  end: number;
}

/** http(s) URLs in a text, with their positions; trailing punctuation of the sentence is left out. */
export function findUrls(text: string): TextUrl[] {
  const out: TextUrl[] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff5e\uac00-\ud7a3]+/gi)) {
    let url = m[0];
    while (/[.,;:!?)\]}'"]$/.test(url)) {
      if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    if (safeUrl(url)) out.push({ url, start: m.index!, end: m.index! + url.length });
  }
  return out;
}

/** The text with each URL `replace` chooses to replace (undefined: kept) swapped for its replacement. */
export function replaceUrls(text: string, replace: (u: TextUrl) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const f of findUrls(text)) {
    const r = replace(f);
    if (r === undefined) continue;
    out += text.slice(last, f.start) + r;
    last = f.end;
  }
  return out + text.slice(last);
}
