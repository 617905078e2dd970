import { loadConfig } from '../config.js';
import type { Services } from '../app/services.js';
import { createLogger } from '../platform/log/log.js';
import type { CliIO } from './command.js';

/** Opens the store (migrated), bus and services for a one-shot command, and always closes them. */
export async function withPlatform<T>(io: CliIO, fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  // Loaded on use, so `sotong --help` does not load the whole runtime.
  const { closePlatform, openPlatform } = await import('../app/runtime.js');
  const services = await openPlatform(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    return await fn(services);
  } finally {
    await closePlatform(services);
  }
}
