import { adapterContract } from '../adapter.contract.js';
import { metaHarness } from './testing/harness.js';

adapterContract('meta', () => metaHarness());
