/**
 * The tracked-links flow's face: links in published posts and agents' replies become tracked short links.
 */
export { conversationLinks, linkLabels, postLinks, replyLinks } from './tracked-links.js';
