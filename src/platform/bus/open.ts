import type { Logger } from '../log/log.js';
import type { Bus } from './bus.js';
import { openMemoryBus } from './memory.js';
import { openNatsBus } from './nats.js';

export interface OpenBusOptions {
  /** NATS server URL; without it the in-process bus is used (the embedded default). */
  natsUrl?: string;
  /** JetStream stream name and subject prefix (NATS only; default "sotong"). */
  stream?: string;
  logger?: Logger;
}

/**
 * Opens the configured bus: NATS JetStream when `natsUrl` is given, the in-process bus otherwise.
 * Rejects with an Error naming the URL when NATS cannot be reached or has no JetStream.
 */
export async function openBus(opts: OpenBusOptions = {}): Promise<Bus> {
  if (opts.natsUrl) {
    const bus = await openNatsBus({ url: opts.natsUrl, stream: opts.stream, logger: opts.logger });
    opts.logger?.info({ stream: bus.stream }, 'bus: NATS JetStream');
    return bus;
  }
  opts.logger?.info('bus: in-process');
  return openMemoryBus({ logger: opts.logger });
}
