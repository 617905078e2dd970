import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import type { Keyring, SecretsStore } from '../secrets/index.js';
import { ConsentStore } from './consent.store.js';
import { CustomersService } from './customers.service.js';
import { CustomerLinksService } from './links.service.js';
import { Timeline } from './timeline.js';

export interface Customers {
  customers: CustomersService;
  links: CustomerLinksService;
  consent: ConsentStore;
}

export function createCustomers(d: { store: Store; clock: Clock; keyring: Keyring; secrets: SecretsStore }): Customers {
  const customers = new CustomersService(d.store, d.clock, d.keyring);
  const consent = new ConsentStore(d.store, d.clock, d.secrets);
  return { customers, consent, links: new CustomerLinksService(customers, consent, new Timeline(d.store), d.clock) };
}
