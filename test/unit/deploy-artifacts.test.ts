// The deploy artifacts, checked without Docker (these machines have no engine and pull no images):
// the Dockerfile builds what the processes need and runs them unprivileged; compose.yaml gives our
// services an environment that passes config/env.ts's production validation, runs the Temporal
// services from cluster/ with only the variables that config reads, at the versions the tested
// cluster command builds; the Prometheus scrape targets are compose's services.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { envSchema, parseEnv } from '../../config/env.js';
import { loadTemporalConfig } from '../../config/temporal.js';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION } from '../../platform/temporal-server.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string }> | string[];
}

/** What compose does with ${VAR:?msg}, ${VAR:-default}, ${VAR} and $$, given the operator's variables. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?::([?-])([^}]*))?\}/g, (match, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (match === '$$') return '$';
    const value = vars[name!];
    if (value) return value;
    if (op === '?') throw new Error(`compose would refuse to start: ${name} unset (${arg})`);
    return op === '-' ? (arg ?? '') : '';
  });
}

const operator = {
  AUTH_SECRET: 'a-shared-secret-of-at-least-32-characters',
  COOKIE_SECRET: 'another-shared-secret-of-at-least-32-characters',
  METRICS_TOKEN: 'the-prometheus-scrape-token-of-32-characters',
  POSTGRES_PASSWORD: 'pw',
  PUBLIC_URL: 'https://bpm.example.org',
  OIDC_ISSUER_URL: 'https://idp.example.org',
  OIDC_CLIENT_ID: 'postal-bpm',
  OIDC_CLIENT_SECRET: 'secret',
};
/** The file as compose loads it: YAML (with merge keys), then every string interpolated. */
const load = (vars: Record<string, string>): unknown => {
  const resolve = (v: unknown): unknown =>
    typeof v === 'string'
      ? interpolate(v, vars)
      : Array.isArray(v)
        ? v.map(resolve)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]))
          : v;
  return resolve(parse(readFileSync('compose.yaml', 'utf8'), { merge: true }));
};
const compose = load(operator) as {
  services: Record<string, Service>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
};
const services = Object.entries(compose.services);
const ours = services.filter(([, s]) => s.build !== undefined);
const temporal = services.filter(([, s]) => s.image?.startsWith('temporalio/server:'));

const dockerfile = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
const stages = dockerfile.split(/^FROM /m).slice(1);
const finalStage = stages.at(-1)!;
/** The final stage's ENV, as the image sets it for every process. */
const imageEnv = Object.fromEntries([...finalStage.matchAll(/^ENV (.+)$/gm)].flatMap((m) => [...m[1]!.matchAll(/(\w+)=(\S+)/g)].map((kv) => [kv[1]!, kv[2]!])));

describe('Dockerfile', () => {
  it('is multi-stage, installs with npm ci and runs as an unprivileged user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(finalStage).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(finalStage).toMatch(/^CMD \["npm", "run", "start:api"\]/m);
    expect(imageEnv.NODE_ENV).toBe('production');
  });

  it('builds the console and the workflow bundle the worker is pointed at', () => {
    expect(dockerfile).toContain('npm run build:console');
    const bundle = dockerfile.match(/npx tsx scripts\/bundle-workflows\.ts (\S+)/)?.[1];
    expect(bundle).toBeDefined();
    expect(imageEnv.WORKFLOW_BUNDLE).toBe(join('/app', bundle!));
    expect(finalStage).toContain(`COPY --from=build /app/${dirname(bundle!)} ./${dirname(bundle!)}`);
    expect(finalStage).toContain('COPY --from=build /app/web/dist ./web/dist');
  });

  it('copies every source file the API and the worker import, and .dockerignore keeps none of them out', () => {
    const copied = [...finalStage.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    for (const path of copied) expect(existsSync(path), path).toBe(true);
    const ignored = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    // Follow relative imports from the two entry points through the TypeScript sources.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
        if (target.endsWith('.ts') && existsSync(target)) visit(target);
      }
    };
    visit('scripts/start-api.ts');
    visit('scripts/start-worker.ts');
    expect(seen.size).toBeGreaterThan(20);
    for (const file of seen) {
      const top = file.split('/')[0]!;
      expect(
        copied.some((c) => c === file || c === top),
        `${file} is not copied into the image`,
      ).toBe(true);
      expect(ignored, `${file} is in .dockerignore`).not.toContain(top);
    }
    for (const file of ['temporal.yaml', 'config/policy.yaml', 'db/migrations'])
      expect(
        copied.some((c) => file.startsWith(c)),
        file,
      ).toBe(true);
  });
});

describe('compose.yaml', () => {
  it('runs two APIs and two workers from the image, with the production environment config/env.ts accepts', () => {
    const commands = ours.map(([, s]) => s.command?.join(' '));
    expect(commands.filter((c) => c === 'npm run start:api')).toHaveLength(2);
    expect(commands.filter((c) => c === 'npm run start:worker')).toHaveLength(2);
    const keys = Object.keys(envSchema.shape);
    for (const [name, s] of ours) {
      for (const key of Object.keys(s.environment ?? {})) expect(keys, `${name}: ${key} is not a setting of config/env.ts`).toContain(key);
      const env = parseEnv({ ...imageEnv, ...s.environment });
      expect(env.NODE_ENV, name).toBe('production');
      expect(env.TEMPORAL_ADDRESS, name).toBe('temporal-frontend:7233');
      expect(env.DATABASE_URL, name).toMatch(/@postgres:5432\/postal_bpm$/);
      expect(env.WORKFLOW_BUNDLE, name).toBe(imageEnv.WORKFLOW_BUNDLE);
    }
  });

  it('refuses to start without the secrets production needs', () => {
    expect(() => load({ ...operator, AUTH_SECRET: '' })).toThrow(/AUTH_SECRET/);
    expect(() => load({ ...operator, COOKIE_SECRET: '' })).toThrow(/COOKIE_SECRET/);
    expect(() => load({ ...operator, METRICS_TOKEN: '' })).toThrow(/METRICS_TOKEN/);
    expect(() => load({ ...operator, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET/);
  });

  it('runs each Temporal role from cluster/temporal.yaml, setting only the variables it reads', () => {
    const template = readFileSync('cluster/temporal.yaml', 'utf8');
    const read = new Set([...template.matchAll(/env "(\w+)"/g)].map((m) => m[1]!));
    const subnet = compose.networks.bpm!.ipam.config[0]!.subnet.replace(/\.0\/24$/, '.');
    const roles = temporal.map(([, s]) => s.command?.at(-1));
    expect(new Set(roles)).toEqual(new Set(['frontend', 'history', 'matching', 'worker']));
    for (const [name, s] of temporal) {
      expect(s.image, name).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`);
      expect(s.entrypoint?.join(' '), name).toMatch(/--config cluster --env temporal$/);
      expect(s.volumes, name).toContain('./cluster:/etc/postal-bpm/cluster:ro');
      for (const key of Object.keys(s.environment ?? {})) expect(read, `${name}: ${key} is not read by cluster/temporal.yaml`).toContain(key);
      // Each member tells the others its own address.
      const address = (s.networks as Record<string, { ipv4_address?: string }>).bpm?.ipv4_address;
      expect(address?.startsWith(subnet), name).toBe(true);
      expect(s.environment?.TEMPORAL_BROADCAST_ADDRESS, name).toBe(address);
      expect(s.environment?.TEMPORAL_BIND_IP, name).toBe('0.0.0.0');
    }
    const ui = compose.services['temporal-ui']!;
    expect(ui.image).toBe(`temporalio/ui:${TEMPORAL_UI_VERSION.replace(/^v/, '')}`);
  });

  it('registers the namespace and every search attribute of temporal.yaml', () => {
    const setup = compose.services['temporal-setup']!.command!.join('\n');
    const config = loadTemporalConfig('temporal.yaml');
    expect(setup).toContain(`namespace create --namespace ${config.namespace}`);
    for (const [name, type] of Object.entries(config.searchAttributes)) {
      expect(setup, name).toContain(name);
      expect(type).toBe('Keyword');
    }
  });

  it('is what the Prometheus scrape config targets', () => {
    const scrape = parse(readFileSync('ops/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = (job: string) => scrape.scrape_configs.find((c) => c.job_name === job)!.static_configs.flatMap((c) => c.targets);
    const apis = ours.filter(([, s]) => s.command?.includes('start:api')).map(([name, s]) => `${name}:${parseEnv({ ...imageEnv, ...s.environment }).PORT}`);
    const workers = ours
      .filter(([, s]) => s.command?.includes('start:worker'))
      .map(([name, s]) => `${name}:${s.environment?.WORKER_METRICS_BIND?.split(':')[1]}`);
    expect(targets('postal-bpm-api').sort()).toEqual(apis.sort());
    expect(targets('postal-bpm-worker').sort()).toEqual(workers.sort());
    expect(targets('temporal').sort()).toEqual(temporal.map(([name, s]) => `${name}:${s.environment?.TEMPORAL_METRICS_PORT}`).sort());
  });
});
