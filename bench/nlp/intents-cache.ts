/** Where the out-of-fold experiment scripts keep their scores (outside the repository). */
export const CACHE_DIR = '/tmp/sotong-intents-oof';
