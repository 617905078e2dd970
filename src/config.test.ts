import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults for the embedded store', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: undefined, natsUrl: undefined, timezone: 'Asia/Seoul', logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('data'));
  });
  it('keeps files in the local folder unless an S3 bucket is named, and checks the S3 settings together', () => {
    expect(loadConfig({}).s3).toBeUndefined();
    const s3 = { SOTONG_S3_BUCKET: 'bank-files', SOTONG_S3_ENDPOINT: 'https://kr.object.ncloudstorage.com', SOTONG_S3_ACCESS_KEY_ID: 'AK', SOTONG_S3_SECRET_ACCESS_KEY: 'SK' };
    expect(loadConfig({ ...s3, SOTONG_S3_REGION: 'kr-standard', SOTONG_S3_PREFIX: 'sotong/', SOTONG_S3_PATH_STYLE: 'false' }).s3).toMatchObject({ bucket: 'bank-files', region: 'kr-standard', prefix: 'sotong/', pathStyle: false });
    expect(loadConfig(s3).s3).toMatchObject({ region: 'us-east-1', pathStyle: true, prefix: undefined });
    expect(() => loadConfig({ SOTONG_S3_ENDPOINT: 'https://s3' })).toThrow(/SOTONG_S3_BUCKET is not/);
    expect(() => loadConfig({ ...s3, SOTONG_S3_BUCKET: 'Bank_Files' })).toThrow(/bucket name/);
    expect(() => loadConfig({ ...s3, SOTONG_S3_ENDPOINT: '' })).toThrow(/SOTONG_S3_ENDPOINT is needed/);
    expect(() => loadConfig({ ...s3, SOTONG_S3_SECRET_ACCESS_KEY: '' })).toThrow(/SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ ...s3, SOTONG_S3_PREFIX: '../x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...s3, SOTONG_S3_ENDPOINT: 'ftp://x' })).toThrow(ConfigError);
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
