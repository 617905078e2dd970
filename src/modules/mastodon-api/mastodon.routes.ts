import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../platform/bus/bus.js';
import type { Microblog } from '../microblog/index.js';
import { mastodonApiRoutes } from './api.routes.js';
import { mastodonScope } from './kit.js';
import { mediaRoutes } from './media.routes.js';
import { mastodonReportRoutes } from './reports.routes.js';
import { discoveryAndOAuthRoutes } from './oauth.routes.js';
import type { OAuthService } from './oauth.service.js';
import { StreamHub, streamingRoutes } from './streaming.js';

/** The services these routes use. */
export interface MastodonRouteServices {
  bus: Bus;
  microblog: Microblog;
  mastodon: OAuthService;
}

/** The Mastodon client API, in its own plugin scope (bearer tokens, form bodies, error shape). */
export function mastodonRoutes(app: FastifyInstance, s: MastodonRouteServices): void {
  void app.register(async (sub) => {
    mastodonScope(sub);
    discoveryAndOAuthRoutes(sub, s.mastodon);
    mastodonApiRoutes(sub, s.mastodon, s.microblog);
    mediaRoutes(sub, s.mastodon, s.microblog);
    mastodonReportRoutes(sub, s.mastodon, s.microblog);
    streamingRoutes(sub, s.mastodon, new StreamHub(s.bus, s.microblog));
  });
}
