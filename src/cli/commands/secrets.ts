import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { migrate } from '../../platform/db/migrate.js';
import { createKeyring, generateKey, KEY_FILE, keyIdOf, loadKey, parseKey } from '../../modules/secrets/index.js';
import { rotateSecrets } from '../../modules/secrets/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

export const secretsCommand: CliCommand = {
  name: 'secrets',
  summary: 'Rotate the key that encrypts stored credentials (secrets rotate)',
  usage: `Usage: sotong secrets rotate [--new-key KEY]

Re-encrypts every stored secret under a new key in one transaction. The current key comes from
SOTONG_SECRET_KEY or data/secret.key. Without --new-key a key is generated. When the key lives in the
data folder it is replaced there; when it comes from SOTONG_SECRET_KEY, the new key is printed once:
set it in the environment before the next start.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'rotate') throw new UsageError(sub ? `unknown subcommand "secrets ${sub}" (try: secrets rotate)` : 'missing subcommand (try: sotong secrets rotate)');
    const { values } = parse(rest, { 'new-key': { type: 'string' } });
    const config = loadConfig(io.env);
    let newKeyText = values['new-key'] ?? generateKey();
    let newKey: Buffer;
    try {
      newKey = parseKey(newKeyText);
    } catch (err) {
      throw new UsageError(`--new-key: ${(err as Error).message}`);
    }
    const current = loadKey(config.secretKey, config.dataDir);
    if (keyIdOf(current.key) === keyIdOf(newKey)) throw new UsageError('the new key is the current key');
    const store = await (await import('../../app/runtime.js')).openStore(config);
    try {
      await migrate(store);
      const n = await rotateSecrets(store, createKeyring(current.key), newKey);
      if (current.source === 'env') {
        io.stdout.write(`re-encrypted ${n} secrets. Set SOTONG_SECRET_KEY=${newKeyText} before the next start.\n`);
      } else {
        const file = path.join(config.dataDir, KEY_FILE);
        fs.writeFileSync(`${file}.new`, `${newKeyText}\n`, { mode: 0o600 });
        fs.renameSync(`${file}.new`, file);
        io.stdout.write(`re-encrypted ${n} secrets; the new key is in ${file} (key id ${keyIdOf(newKey)}).\n`);
      }
      newKeyText = '';
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
