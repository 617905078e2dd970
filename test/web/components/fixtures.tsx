/**
 * What the harness can mount (browser side): each fixture turns the props a test sent (JSON) into the
 * component, with recorders for its callbacks. Add a component here to test it in Chromium.
 */
import type { ReactNode } from 'react';
import { Composer, type ComposerProps } from '../../../web/src/pages/inbox/Composer.js';
import { type InboxLive, LiveContext } from '../../../web/src/pages/inbox/live.js';
import { QueueView } from '../../../web/src/pages/inbox/QueueView.js';
import { CannedPage } from '../../../web/src/pages/inbox/settings/CannedPage.js';
import { SlaPage } from '../../../web/src/pages/inbox/settings/SlaPage.js';
import { AnalyticsPanel } from '../../../web/src/pages/publishing/AnalyticsPanel.js';
import { ChannelPreview } from '../../../web/src/pages/publishing/ChannelPreview.js';
import { MicroblogPage } from '../../../web/src/pages/microblog/MicroblogPage.js';

/** A callback that writes its call into the harness's event list (`window.harness.events`). */
export type Recorder = (event: string) => (...args: unknown[]) => void;

export interface FixtureContext {
  record: Recorder;
  /** The inbox's live events, driven by the test (`window.harness.emit`). */
  live: InboxLive;
}

export const fixtures = {
  /** The reply composer; `props` is ComposerProps without the callbacks. */
  composer: (props: unknown, { record }: FixtureContext): ReactNode => {
    const p = props as Omit<ComposerProps, 'onSent' | 'onNoted' | 'onTyping'>;
    return <Composer {...p} onSent={record('sent')} onNoted={record('noted')} onTyping={record('typing')} />;
  },
  /** The inbox queue (it takes no props: the view and filters are its own, the list is the API's). */
  queue: (_props: unknown, { live }: FixtureContext): ReactNode => (
    <LiveContext.Provider value={live}>
      <QueueView />
    </LiveContext.Provider>
  ),
  /** Settings → Inbox → Canned replies (no e2e test opens it). */
  cannedPage: (): ReactNode => <CannedPage />,
  /** Settings → Inbox → SLA policies (no e2e test opens it). */
  slaPage: (): ReactNode => <SlaPage />,
  /** Publishing → Analytics: per post and channel variant, with the actions on published posts. */
  pubAnalytics: (_props: unknown, { record }: FixtureContext): ReactNode => <AnalyticsPanel onOpen={record('open')} />,
  /** How one channel shows a post (the composer's preview); `props` are ChannelPreview's. */
  pubPreview: (props: unknown): ReactNode => <ChannelPreview {...(props as Parameters<typeof ChannelPreview>[0])} />,
  /** The internal microblog (timelines, composer with polls and files, threads, profiles, tag pages). */
  microblogPage: (): ReactNode => <MicroblogPage />,
};

export type FixtureName = keyof typeof fixtures;
