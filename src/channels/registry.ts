import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChannelAdapter, Measurement } from './port.js';

/**
 * Finds every channel adapter by folder: each `src/channels/<name>/index.(ts|js)` that exports
 * `adapter`. Nothing outside a channel's own folder names it.
 */
export interface AdapterRegistry {
  get(type: string): ChannelAdapter | undefined;
  all(): ChannelAdapter[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function loadAdapters(dir = HERE): Promise<AdapterRegistry> {
  const ext = path.extname(fileURLToPath(import.meta.url)); // .ts under tsx/vitest, .js when compiled
  const adapters = new Map<string, ChannelAdapter>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'testing') continue;
    const index = path.join(dir, entry.name, `index${ext}`);
    if (!fs.existsSync(index)) continue;
    const mod = (await import(pathToFileURL(index).href)) as { adapter?: ChannelAdapter };
    if (!mod.adapter) continue;
    if (adapters.has(mod.adapter.type)) throw new Error(`two channel adapters claim type "${mod.adapter.type}"`);
    adapters.set(mod.adapter.type, mod.adapter);
  }
  return fromAdapters([...adapters.values()]);
}

/** The adapter publishing to `target` and its counter, or undefined when no adapter serves it. */
export function measurerFor(registry: AdapterRegistry, target: string): ((text: string) => Measurement) | undefined {
  const adapter = registry.all().find((a) => a.measure && a.publishTargets?.includes(target));
  return adapter?.measure ? (text) => adapter.measure!(text, target) : undefined;
}

/** Every publishing target the registered adapters serve, sorted. */
export function publishTargets(registry: AdapterRegistry): string[] {
  return [...new Set(registry.all().flatMap((a) => (a.measure ? (a.publishTargets ?? []) : [])))].sort();
}

export function fromAdapters(list: ChannelAdapter[]): AdapterRegistry {
  const map = new Map(list.map((a) => [a.type, a]));
  return {
    get: (type) => map.get(type),
    all: () => [...map.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}
