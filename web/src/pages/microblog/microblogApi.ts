/** The microblog's web API (`/api/v1/w/:id/microblog/...`). */
import { request, upload, ws } from '../../api.js';

// The views as src/modules/microblog answers them (src/contracts: type-only, erased at build).
export type { HoldReason, MediaView, PersonView, PollView, PostVersionView, PostView, TagMergeView, TagPage, TagSummary } from '../../../../src/contracts/microblog.js';
import type { MediaView, PersonView, PollView, PostVersionView, PostView, TagMergeView, TagPage, TagView } from '../../../../src/contracts/microblog.js';

const mb = (w: string) => `${ws(w)}/microblog`;
const enc = encodeURIComponent;

export interface Relationship {
  id: string;
  following: boolean;
  followedBy: boolean;
}

/** What a post is made of in the composer. */
export interface NewPostInput {
  text: string;
  replyToId?: string;
  mediaIds?: string[];
  poll?: { options: string[]; multiple: boolean; expiresInSeconds: number };
}

export const microblogApi = {
  me: (w: string) => request<{ person: PersonView }>('GET', `${mb(w)}/me`),
  timeline: (w: string, kind: 'home' | 'local' | 'bookmarks', maxId?: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/timelines/${kind}?limit=20${maxId ? `&maxId=${enc(maxId)}` : ''}`),
  post: (w: string, input: NewPostInput) => request<{ post: PostView; held: boolean }>('POST', `${mb(w)}/posts`, input),
  get: (w: string, id: string) => request<{ post: PostView }>('GET', `${mb(w)}/posts/${enc(id)}`),
  context: (w: string, id: string) => request<{ ancestors: PostView[]; descendants: PostView[] }>('GET', `${mb(w)}/posts/${enc(id)}/context`),
  history: (w: string, id: string) => request<{ versions: PostVersionView[] }>('GET', `${mb(w)}/posts/${enc(id)}/history`),
  edit: (w: string, id: string, text: string) => request<{ post: PostView; held: boolean }>('PATCH', `${mb(w)}/posts/${enc(id)}`, { text }),
  remove: (w: string, id: string) => request<void>('DELETE', `${mb(w)}/posts/${enc(id)}`),
  react: (w: string, id: string, action: 'favourite' | 'boost' | 'bookmark', on: boolean) => request<{ post: PostView }>('POST', `${mb(w)}/posts/${enc(id)}/${action}`, { on }),
  upload: (w: string, file: File, description = '') => upload<{ media: MediaView }>('POST', `${mb(w)}/media?fileName=${enc(file.name)}${description ? `&description=${enc(description)}` : ''}`, file, file.type || 'application/octet-stream'),
  describeMedia: (w: string, id: string, description: string) => request<{ media: MediaView }>('PUT', `${mb(w)}/media/${enc(id)}`, { description }),
  person: (w: string, id: string) => request<{ person: PersonView; relationship: Relationship | null }>('GET', `${mb(w)}/people/${enc(id)}`),
  personPosts: (w: string, id: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/people/${enc(id)}/posts?limit=20`),
  follow: (w: string, id: string, on: boolean) => request<{ relationship: Relationship }>('POST', `${mb(w)}/people/${enc(id)}/follow`, { on }),
  tag: (w: string, tag: string) => request<TagPage>('GET', `${mb(w)}/tags/${enc(tag)}`),
  tagPosts: (w: string, tag: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/tags/${enc(tag)}/posts?limit=20`),
  followTag: (w: string, tag: string, on: boolean) => request<{ tag: TagView }>('POST', `${mb(w)}/tags/${enc(tag)}/follow`, { on }),
  pin: (w: string, tag: string, postId: string, on: boolean) => request<TagPage>(on ? 'PUT' : 'DELETE', `${mb(w)}/tags/${enc(tag)}/pins/${enc(postId)}`),
  orderPins: (w: string, tag: string, postIds: string[]) => request<TagPage>('PUT', `${mb(w)}/tags/${enc(tag)}/pins`, { postIds }),
  describeTag: (w: string, tag: string, description: string) => request<TagPage>('PUT', `${mb(w)}/tags/${enc(tag)}/description`, { description }),
  mergeTag: (w: string, tag: string, into: string) => request<{ merge: TagMergeView }>('POST', `${mb(w)}/tags/${enc(tag)}/merge`, { into }),
  search: (w: string, q: string) => request<{ posts: PostView[]; people: PersonView[]; tags: TagView[] }>('GET', `${mb(w)}/search?q=${enc(q)}`),
  queue: (w: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/moderation`),
  release: (w: string, id: string, note: string) => request<{ post: PostView }>('POST', `${mb(w)}/moderation/${enc(id)}/release`, { note }),
  reject: (w: string, id: string, note: string) => request<void>('POST', `${mb(w)}/moderation/${enc(id)}/reject`, { note }),
  vote: (w: string, pollId: string, choices: number[]) => request<{ poll: PollView }>('POST', `${mb(w)}/polls/${enc(pollId)}/votes`, { choices }),
};
