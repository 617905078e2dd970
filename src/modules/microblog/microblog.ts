import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import { tables, type Store } from '../../platform/db/store.js';
import type { Ctx, Db } from './context.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { CurationService } from './curation.service.js';
import { GroupsService } from './groups.service.js';
import { MediaService } from './media.service.js';
import { ModerationService } from './moderation.service.js';
import { PeopleService } from './people.service.js';
import { ScimDirectory } from './scim.service.js';
import { PostsService } from './posts.service.js';
import { ReportsService } from './reports.service.js';
import { SocialService } from './social.service.js';
import { StreamsService } from './streams.service.js';
import { MicroblogArchiveFeed } from './archive-feed.js';
import { TimelinesService } from './timelines.service.js';

/** The microblog's services, built once by the composition root. */
export interface Microblog {
  people: PeopleService;
  posts: PostsService;
  timelines: TimelinesService;
  social: SocialService;
  moderation: ModerationService;
  media: MediaService;
  scim: ScimDirectory;
  curation: CurationService;
  streams: StreamsService;
  archiveFeed: MicroblogArchiveFeed;
  groups: GroupsService;
  reports: ReportsService;
}

export function createMicroblog(deps: { store: Store; clock: Clock; bus?: Bus; storage: BlobStorage }): Microblog {
  const ctx: Ctx = { db: tables(deps.store) as Db, clock: deps.clock, ...(deps.bus ? { bus: deps.bus } : {}) };
  const people = new PeopleService(ctx);
  const media = new MediaService(ctx, deps.storage);
  const posts = new PostsService(ctx, people, media);
  const timelines = new TimelinesService(ctx, people);
  return {
    people,
    posts,
    timelines,
    social: new SocialService(ctx, people, posts, timelines),
    moderation: new ModerationService(ctx, people, posts),
    media,
    scim: new ScimDirectory(ctx, people),
    curation: new CurationService(ctx, people, posts, timelines),
    groups: new GroupsService(ctx, people, timelines),
    reports: new ReportsService(ctx, people, posts),
    streams: new StreamsService(ctx, people),
    archiveFeed: new MicroblogArchiveFeed(ctx),
  };
}
