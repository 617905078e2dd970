import { adapterContract } from '../adapter.contract.js';
import { webhookHarness } from './testing/harness.js';

adapterContract('webhook', () => webhookHarness());
