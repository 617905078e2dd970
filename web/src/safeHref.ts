/** An href only for http(s) URLs: anything else (javascript:, data:, …) is not linked (the server filters too). */
export function safeHref(url: string | null | undefined): string | undefined {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined;
}
