/**
 * Only http(s) URLs are stored and served: a `javascript:` (or `data:`, `vbscript:`, …) URL taken from a
 * channel payload would otherwise reach an <a href> in the UI (issue #14, finding 10).
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const u = new URL(trimmed);
    return u.protocol === 'http:' || u.protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}
