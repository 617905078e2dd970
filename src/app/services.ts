import type { Bus } from '../platform/bus/bus.js';
import type { Clock } from '../platform/clock/clock.js';
import type { Store } from '../platform/db/store.js';
import type { Logger } from '../platform/log/log.js';
import type { Keyring } from '../modules/secrets/keyring.js';
import { SecretsStore } from '../modules/secrets/secrets.store.js';
import { AuthService } from '../modules/identity/auth.service.js';
import { UsersService } from '../modules/identity/users.service.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { TokensService } from '../modules/tokens/tokens.service.js';

/** The composition root's product: every service, built once from the platform ports. */
export interface Services {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  keyring: Keyring;
  secrets: SecretsStore;
  auth: AuthService;
  users: UsersService;
  workspaces: WorkspacesService;
  tokens: TokensService;
}

export function createServices(p: { store: Store; bus: Bus; clock: Clock; logger: Logger; keyring: Keyring }): Services {
  return {
    ...p,
    secrets: new SecretsStore(p.store, p.keyring),
    auth: new AuthService(p.store, p.clock),
    users: new UsersService(p.store, p.clock),
    workspaces: new WorkspacesService(p.store, p.clock),
    tokens: new TokensService(p.store, p.clock),
  };
}
