/**
 * The people flow's public face (docs/ARCHITECTURE.md): channel identities joined into persons where the
 * bank's data says so, for the network's one-person-one-row ranking (docs/network.md).
 */
export { CustomerArchiveIdentities, CustomerIdentities } from './people.js';
