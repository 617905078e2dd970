/** The microblog's web API (`/api/v1/w/:id/microblog/...`). */
import { request, ws } from '../../api.js';

// The views as src/modules/microblog answers them (src/contracts: type-only, erased at build).
export type { PersonView, PostView, TagPage } from '../../../../src/contracts/microblog.js';
import type { PersonView, PostView, TagPage, TagView } from '../../../../src/contracts/microblog.js';

const mb = (w: string) => `${ws(w)}/microblog`;
const enc = encodeURIComponent;

export const microblogApi = {
  timeline: (w: string, kind: 'home' | 'local', maxId?: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/timelines/${kind}?limit=20${maxId ? `&maxId=${enc(maxId)}` : ''}`),
  post: (w: string, text: string) => request<{ post: PostView; held: boolean }>('POST', `${mb(w)}/posts`, { text }),
  edit: (w: string, id: string, text: string) => request<{ post: PostView; held: boolean }>('PATCH', `${mb(w)}/posts/${enc(id)}`, { text }),
  remove: (w: string, id: string) => request<void>('DELETE', `${mb(w)}/posts/${enc(id)}`),
  react: (w: string, id: string, action: 'favourite' | 'boost' | 'bookmark', on: boolean) => request<{ post: PostView }>('POST', `${mb(w)}/posts/${enc(id)}/${action}`, { on }),
  tag: (w: string, tag: string) => request<TagPage>('GET', `${mb(w)}/tags/${enc(tag)}`),
  tagPosts: (w: string, tag: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/tags/${enc(tag)}/posts?limit=20`),
  followTag: (w: string, tag: string, on: boolean) => request<{ tag: TagView }>('POST', `${mb(w)}/tags/${enc(tag)}/follow`, { on }),
  search: (w: string, q: string) => request<{ posts: PostView[]; people: PersonView[]; tags: TagView[] }>('GET', `${mb(w)}/search?q=${enc(q)}`),
  queue: (w: string) => request<{ posts: PostView[] }>('GET', `${mb(w)}/moderation`),
  release: (w: string, id: string, note: string) => request<{ post: PostView }>('POST', `${mb(w)}/moderation/${enc(id)}/release`, { note }),
  reject: (w: string, id: string, note: string) => request<void>('POST', `${mb(w)}/moderation/${enc(id)}/reject`, { note }),
  vote: (w: string, pollId: string, choices: number[]) => request<unknown>('POST', `${mb(w)}/polls/${enc(pollId)}/votes`, { choices }),
};
