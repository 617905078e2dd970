/** Bus subjects of the links module and their payloads. */

/** One redirect answered: published by the redirect without waiting, written in batches by a worker. */
export const LINK_CLICKED = 'link.clicked';
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
  device: 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
  bot: boolean;
  prefetch: boolean;
}
