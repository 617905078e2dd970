import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults for the embedded store', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: undefined, natsUrl: undefined, timezone: 'Asia/Seoul', logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('data'));
  });
  it('reads every setting', () => {
    const c = loadConfig({ PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db/sotong', NATS_URL: 'nats://n:4222', SOTONG_TRUST_PROXY: 'yes', SOTONG_TIMEZONE: 'Asia/Seoul', LOG_LEVEL: 'debug' });
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', databaseUrl: 'postgres://u@db/sotong', natsUrl: 'nats://n:4222', trustProxy: true, timezone: 'Asia/Seoul', logLevel: 'debug' });
  });
  it.each([
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ PORT: '80a' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    [{ NATS_URL: 'not a url' }, /NATS_URL is not a valid URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SOTONG_TIMEZONE: 'Mars/Olympus' }, /must be unset or "Asia\/Seoul"/],
    [{ SOTONG_TIMEZONE: 'UTC' }, /Korea time everywhere/],
    [{ SOTONG_SECRET_KEY: 'tooshort' }, /SOTONG_SECRET_KEY must be 32 random bytes/],
    [{ SOTONG_TRUST_PROXY: 'maybe' }, /must be true or false/],
  ])('fails fast on %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
