// The dependency rule (SPEC §3): runtime <- nodes <- server; editor -> types only.
// Run by `npm run deps:check`; tests/tooling/dependency-rule.test.ts proves each rule fires.

/** Packages and built-ins that runtime/ and nodes/ reach only through a port (mirrors eslint.config.js). */
const PORT_ONLY = [
  'express',
  'sequelize',
  'react',
  'react-dom',
  '@xyflow/[^/]+',
  'http',
  'https',
  'net',
  'undici',
  'node-fetch',
  'axios',
  'pg',
  'sqlite3',
  'nodemailer',
  'timers',
].join('|');

// Matches a resolved npm package (node_modules/<name>/...), a built-in (`http`, `node:http`,
// `timers/promises`) and a package that could not be resolved at all (still a violation).
const PORT_ONLY_PATH = `(^|/node_modules/|^node_modules/|^node:)(${PORT_ONLY})($|/)`;

const OTHER_FOLDERS = '^(nodes|server|editor|tests|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'runtime-imports-no-other-folder',
      comment: 'runtime/ is the core: it knows nothing of nodes, server, editor, tests or bench.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: OTHER_FOLDERS },
    },
    {
      name: 'runtime-and-nodes-use-ports',
      comment:
        'runtime/ and nodes/ do no I/O and keep no timers themselves: HTTP, mail, databases, React and ' +
        'timers come through ports (runtime/ports/), time through the Clock port.',
      severity: 'error',
      from: { path: '^(runtime|nodes)/' },
      to: { path: PORT_ONLY_PATH },
    },
    {
      name: 'nodes-import-only-runtime',
      comment: 'nodes/ imports only runtime/ (and npm packages that are not port-only).',
      severity: 'error',
      from: { path: '^nodes/' },
      to: { path: '^(server|editor|tests|bench)/' },
    },
    {
      name: 'editor-imports-only-types-from-runtime-and-nodes',
      comment: 'Node code never reaches the browser bundle: the editor uses `import type` only.',
      severity: 'error',
      from: { path: '^editor/' },
      to: { path: '^(runtime|nodes)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'editor-never-imports-server',
      comment: 'The editor talks to the server over HTTP only.',
      severity: 'error',
      from: { path: '^editor/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-never-imports-editor',
      comment: 'The server serves the built editor as files; it never imports its code.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^editor/' },
    },
    {
      name: 'product-code-never-imports-tests-or-bench',
      comment: 'tests/ and bench/ may import anything; nothing imports them.',
      severity: 'error',
      from: { path: '^(runtime|nodes|server|editor)/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'no-circular-runtime',
      comment: 'runtime/ stays a tree: a cycle makes module initialisation order matter.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^runtime/', circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { pathNot: 'node_modules' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-dependency',
      comment: 'Import only packages listed in package.json, not ones that happen to be installed.',
      severity: 'error',
      from: { pathNot: 'node_modules' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-dev-dependency-in-product-code',
      comment: 'runtime/, nodes/ and server/ run in production, where devDependencies are absent.',
      severity: 'error',
      from: { path: '^(runtime|nodes|server)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|coverage)/' },
    // Type-only imports are real edges too: the editor rule needs to see (and allow) them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
