import { adapterContract } from '../adapter.contract.js';
import { xHarness } from './testing/harness.js';

adapterContract('x', () => xHarness());
