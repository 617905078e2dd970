/** A small coloured mark per channel type (decorative: the channel's name is always written beside it). */
const MARKS: Record<string, { text: string; className: string }> = {
  x: { text: '𝕏', className: 'ch-x' },
  meta: { text: 'f', className: 'ch-meta' },
  youtube: { text: '▶', className: 'ch-youtube' },
  bluesky: { text: 'b', className: 'ch-bluesky' },
  mastodon: { text: 'M', className: 'ch-mastodon' },
  email: { text: '@', className: 'ch-email' },
  blog: { text: 'B', className: 'ch-blog' },
  webhook: { text: '↯', className: 'ch-webhook' },
};

export function ChannelMark({ type, size = 'md' }: { type: string; size?: 'sm' | 'md' }) {
  const mark = MARKS[type] ?? { text: (Array.from(type)[0] ?? '?').toUpperCase(), className: 'ch-other' };
  return (
    <span className={`channel-mark ${mark.className} ${size}`} aria-hidden="true">
      {mark.text}
    </span>
  );
}
