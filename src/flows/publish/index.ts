/**
 * The publish flow's face: sends approved posts at their slot, exactly once, through the channel adapters.
 */
export { PublishSender, type BuiltinBlog, type PublishSenderDeps } from './sender.js';
export const PUBLISH_SEND_JOB = 'publishing.send_due';
export const PUBLISH_DEADLINES_JOB = 'publishing.deadlines';
