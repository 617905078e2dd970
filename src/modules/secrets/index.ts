/**
 * The secrets module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { KEY_FILE, SecretKeyError, createKeyring, generateKey, keyIdOf, loadKey, parseKey } from './keyring.js';
export type { Keyring } from './keyring.js';
export { SecretsStore, rotateSecrets, storedKeyIds } from './secrets.store.js';
