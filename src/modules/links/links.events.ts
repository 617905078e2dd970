/** Bus subjects of the links module and their payloads. */

/** Redirects answered: published by the redirect without waiting (many clicks a message), written by a worker. */
export const LINK_CLICKS = 'link.clicks';
/** The durable work queue the click writer consumes. */
export const CLICKS_QUEUE = 'links-clicks';
/** A link changed (expired, edited): every process drops it from its redirect cache. */
export const LINK_CHANGED = 'link.changed';

export interface LinkClickedEvent {
  /** The click id, also given to the landing page as `sotong_cid`. */
  id: string;
  workspaceId: string;
  linkId: string;
  at: string;
  /** Salted hash of address and agent (the salt rotates daily); null when no salt could be read. */
  visitor: string | null;
  referrerHost: string | null;
  /** ISO 3166 alpha-2 from the offline table (IPv4 only); null when unknown. */
  country?: string | null;
  device: 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
  bot: boolean;
  prefetch: boolean;
}

/** What `link.clicks` carries: the clicks gathered in the last few milliseconds. */
export interface LinkClicksEvent {
  clicks: LinkClickedEvent[];
}
