/**
 * The dependency rules of docs/ARCHITECTURE.md ("Rules the code keeps"), checked by `npm run lint:deps`
 * (part of `npm test`). No rule lists exceptions: a violation is fixed in the code, not here.
 *
 * A module is a folder with a public face: src/modules/<name>/, src/flows/<name>/, src/channels/<name>/
 * (index.ts), and the libraries src/nlp/ and src/graph/ (index.ts). Everything else in such a folder is
 * its inside. src/platform/, src/http/, src/channels/*.ts (the channel port) and src/channels/testing/
 * are shared kits without an inside. src/contracts/ holds the JSON view types the server sends and the web
 * reads: the floor under everything, importing nothing but itself.
 */
const FACE = '^src/(modules|flows|channels)/[^/]+/index\\.ts$|^src/(nlp|graph)/index\\.ts$';
const INSIDE = '^src/(modules|flows)/[^/]+/|^src/channels/(?!testing/)[^/]+/|^src/(nlp|graph)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No file imports itself through others (type-only imports count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'No folder depends on itself through other folders. Checked on the program without its tests (see lint:deps).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'face-only-between-modules',
      comment: "A module uses another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/(modules|flows|channels)/([^/]+)/' },
      to: { path: INSIDE, pathNot: ['^src/$1/$2/', FACE] },
    },
    {
      name: 'face-only-from-libraries',
      comment: "nlp and graph use a module only through its index.ts.",
      severity: 'error',
      from: { path: '^src/(nlp|graph)/' },
      to: { path: INSIDE, pathNot: ['^src/$1/', FACE] },
    },
    {
      name: 'face-only-from-outside',
      comment: "The composition root, CLI, HTTP kit, platform and demo use a module only through its index.ts.",
      severity: 'error',
      from: { path: '^src/', pathNot: INSIDE },
      to: { path: INSIDE, pathNot: [FACE] },
    },
    {
      name: 'contracts-are-the-floor',
      comment: 'src/contracts/ (the JSON view types shared with the web) imports nothing but other contracts.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { pathNot: '^src/contracts/' },
    },
    {
      name: 'platform-is-the-floor',
      comment: 'src/platform/ imports nothing of the program above it.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'http-kit-below-modules',
      comment: 'src/http/ (server, error mapper, request context) knows no module: modules hand it their routes.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/', pathNot: '^src/(http|platform|contracts)/' },
    },
    {
      name: 'libraries-below-modules',
      comment: 'nlp, graph and the channel adapters use only the platform (and, for channels, the channel port).',
      severity: 'error',
      from: { path: '^src/(nlp|graph|channels)/' },
      to: { path: '^src/', pathNot: '^src/(platform|nlp|graph|channels|contracts)/' },
    },
    {
      name: 'modules-below-flows',
      comment: 'Modules do not import flows (cross-module use cases sit above the modules they use).',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/flows/' },
    },
    {
      name: 'modules-and-flows-below-app',
      comment: 'Modules and flows import neither the composition root, the CLI, the demo nor main.',
      severity: 'error',
      from: { path: '^src/(modules|flows|http|platform|nlp|graph|channels)/' },
      to: { path: '^src/(app|cli|demo)/|^src/main\\.ts$' },
    },
    {
      name: 'app-below-cli',
      comment: 'The composition root does not import the CLI (main → cli → app).',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/cli/|^src/main\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
