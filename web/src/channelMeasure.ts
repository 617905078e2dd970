/**
 * The channels' own counters in the browser: each channel folder's pure `measure.ts` (the very file the
 * server counts with), found by folder at build time so no channel is named here.
 */
import type { MeasureFor } from '../../src/channels/length.js';
import type { ChannelMeasure, Measurement } from '../../src/channels/port.js';

const modules = import.meta.glob<{ channelMeasure?: ChannelMeasure }>('../../src/channels/*/measure.ts', { eager: true });

const byTarget = new Map<string, (text: string) => Measurement>();
for (const mod of Object.values(modules)) {
  const m = mod.channelMeasure;
  if (!m) continue;
  for (const target of m.targets) byTarget.set(target, (text) => m.measure(text, target));
}

export const measureFor: MeasureFor = (target) => byTarget.get(target);

/** Every target a counter serves (sorted). */
export const measuredTargets = (): string[] => [...byTarget.keys()].sort();
