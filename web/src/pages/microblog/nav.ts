/** Moving around the microblog page (a tag, a thread, a person) and who is looking, for every card. */
import { createContext, useContext } from 'react';
import type { PersonView } from './microblogApi.js';

export interface MbNav {
  tag(name: string): void;
  thread(postId: string): void;
  person(personId: string): void;
  /** The viewer's own profile (null until it has loaded). */
  me: PersonView | null;
}

const noop = () => undefined;
export const MbNavContext = createContext<MbNav>({ tag: noop, thread: noop, person: noop, me: null });
export const useMbNav = (): MbNav => useContext(MbNavContext);
