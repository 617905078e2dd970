/**
 * A handle as people read it: "@name", never "@@name" (YouTube handles carry their "@") and never
 * "@user@domain" with another "@" in front (fediverse and e-mail addresses are shown as they are).
 */
export function atHandle(handle: string | null | undefined): string | undefined {
  if (!handle) return undefined;
  return handle.startsWith('@') || handle.includes('@') ? handle : `@${handle}`;
}
