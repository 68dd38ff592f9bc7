// Which folder may use which: no import runs back up. Checked in `npm test` (npm run lint:deps).
//   domain      → nothing of ours (pure rules)
//   contract    → domain                       (what API, activities and workflows share)
//   workflows   → domain, contract             (deterministic code only)
//   activities  → domain, contract, db
//   db          → domain, contract
//   api         → domain, contract, db
//   config      → domain
//   platform, scripts, test, bench, web: the wiring and the outside; anything below them.
//   harness     → anything below it: throw-away stacks, service processes and the lifecycle driver
//                 and audit that test/, bench/ and scripts/ share; the service (platform and
//                 below) never imports it, and bench/, scripts/ and harness/ never import test/.
const layer = (name, allowed) => ({
  name: `${name}-imports-only-${allowed.join('-') || 'nothing'}`,
  comment: `${name}/ may import only ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'npm packages'} of ours`,
  severity: 'error',
  from: { path: `^${name}/` },
  to: { path: '^(domain|contract|workflows|activities|db|api|config|platform|harness|scripts|test|bench|web)/', pathNot: [`^${name}/`, ...allowed.map((a) => `^${a}/`)] },
});

module.exports = {
  forbidden: [
    layer('domain', []),
    layer('contract', ['domain']),
    layer('workflows', ['domain', 'contract']),
    layer('activities', ['domain', 'contract', 'db']),
    layer('db', ['domain', 'contract']),
    layer('api', ['domain', 'contract', 'db']),
    layer('config', ['domain']),
    {
      name: 'workflows-deterministic',
      comment: 'workflow code runs in the sandbox: no Node built-ins, no I/O clients, no client-side Temporal packages',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'workflows-no-io-packages',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: 'node_modules/(pg|drizzle-orm|pino|@temporalio/(client|worker|activity)|fastify|prom-client)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-not-starts',
      comment: 'contract/starts.ts uses the Temporal client: not for workflow code',
      severity: 'error',
      from: { path: '^(workflows|domain)/' },
      to: { path: '^contract/starts\\.ts$' },
    },
    {
      name: 'platform-not-harness',
      comment: 'the service does not run on test infrastructure',
      severity: 'error',
      from: { path: '^platform/' },
      to: { path: '^harness/' },
    },
    {
      name: 'tools-not-tests',
      comment: 'bench/, scripts/ and harness/ do not import test/: what they share with the tests lives in harness/',
      severity: 'error',
      from: { path: '^(bench|scripts|harness)/' },
      to: { path: '^test/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
