import { storeFactories } from '../testing/stores.js';
import { storeContract } from './store.contract.js';

for (const factory of storeFactories) storeContract(factory);
