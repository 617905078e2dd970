/**
 * The same rules over the tests inside src/ (*.test.ts): a test uses other modules through their faces
 * too. Folder cycles are checked without the tests (.dependency-cruiser.cjs with --exclude), because a
 * test of a low folder may start the whole program through test/support.
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = { ...base, forbidden: base.forbidden.filter((rule) => rule.name !== 'no-folder-cycle') };
