/**
 * The web's rule (docs/web.md, docs/ARCHITECTURE.md "Contracts"), checked by `npm run lint:deps`: the
 * browser code takes from the server's source only the JSON view types of src/contracts/ and the channel
 * kit that counts a post's or reply's length exactly as the server does (src/channels/port.ts, length.ts
 * and each channel's measure.ts). Anything else of src/ it learns over HTTP.
 */
module.exports = {
  forbidden: [
    {
      name: 'web-uses-src-only-through-contracts',
      comment: 'web/ imports from src/ only src/contracts/ (types) and the channel measuring kit.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: ['^src/contracts/', '^src/channels/(port|length)\\.ts$', '^src/channels/[^/]+/measure\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
