/** The audit chain's canonical JSON, SHA-256 and genesis: the program's one copy (`platform/hashchain`). */
export { canonicalJson, GENESIS_HASH, sha256Hex } from '../../platform/hashchain.js';
