/**
 * The mastodon-api module's public face: the Mastodon client API (discovery, OAuth, statuses,
 * timelines, accounts, search, notifications, polls, streaming) mapped onto the microblog's face.
 * Federation (ActivityPub) stays off.
 */
export { OAuthService } from './oauth.service.js';
export { mastodonRoutes, type MastodonRouteServices } from './mastodon.routes.js';
export { MASTODON_VERSION } from './oauth.routes.js';
export { parseForm } from './kit.js';
