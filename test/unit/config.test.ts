import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../config/env.js';
import { parsePolicy } from '../../config/policy.js';
import { parseTemporalConfig } from '../../config/temporal.js';
import { loadConfig } from '../../config/index.js';

describe('configuration validation', () => {
  it('loads the committed temporal.yaml and policy.yaml', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.temporal.taskQueue).toBe('postal-bpm');
    expect(config.temporal.searchAttributes).toEqual({ BpmKind: 'Keyword', BpmOrg: 'Keyword', BpmMailNumber: 'Keyword' });
    expect(config.policy.workOrder.default).toEqual({ response: 2 * 3_600_000, resolution: 48 * 3_600_000, clock: 'calendar' });
    expect(config.policy.escalation.ladder).toHaveLength(7);
  });

  it('names the key of a bad temporal.yaml value', () => {
    expect(() => parseTemporalConfig({ worker: { maxCachedWorkflows: 'many' } })).toThrow(/worker\.maxCachedWorkflows/);
    expect(() => parseTemporalConfig({ devServer: { port: 70000 } })).toThrow(/devServer\.port/);
    expect(() => parseTemporalConfig({ address: 'no port' })).toThrow(/address: host:port/);
    expect(() => parseTemporalConfig({ taskQueues: 'x' })).toThrow(/taskQueues|Unrecognized key/);
    expect(() => parseTemporalConfig({ searchAttributes: { BpmKind: 'Word' } })).toThrow(/searchAttributes\.BpmKind/);
  });

  it('names the key of a bad policy value', () => {
    expect(() => parsePolicy({ application: { reviewDeadline: 'soon' } })).toThrow(/application\.reviewDeadline: "soon" is not a duration/);
    expect(() => parsePolicy({ workOrder: { default: { response: '2h', resolution: '48h', clock: 'lunar' } } })).toThrow(
      /workOrder\.default\.clock: names calendar "lunar"/,
    );
    expect(() => parsePolicy({ escalation: { ladder: [] } })).toThrow(/escalation\.ladder/);
    expect(() => parsePolicy({ calendars: { default: { hours: [{ start: '18:00', end: '09:00' }] } } })).toThrow(/calendars\.default\.hours\.0/);
  });

  it('accepts durations as text or milliseconds', () => {
    const p = parsePolicy({ application: { reviewDeadline: '1h30m', returnedActionDeadline: 1500 } });
    expect(p.application).toEqual({ reviewDeadline: 5_400_000, returnedActionDeadline: 1500, reviewReminderAt: 0.8 });
  });

  it('refuses unsafe production settings, naming each variable', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      /AUTH_SECRET: required in production[\s\S]*COOKIE_SECRET: required[\s\S]*METRICS_TOKEN: required[\s\S]*DATABASE_URL: required[\s\S]*TEMPORAL_ADDRESS: required/,
    );
    expect(() => parseEnv({ AUTH_SECRET: 'k'.repeat(32), COOKIE_SECRET: 'k'.repeat(32) })).toThrow(/COOKIE_SECRET: must differ from AUTH_SECRET/);
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: at least 32 characters/);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(parseEnv({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('production needs single sign-on: a start without the OIDC settings names each one', () => {
    const base = {
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      COOKIE_SECRET: 'c'.repeat(32),
      METRICS_TOKEN: 'm'.repeat(32),
      DATABASE_URL: 'postgres://db/bpm',
      TEMPORAL_ADDRESS: 'temporal:7233',
    };
    expect(() => parseEnv(base)).toThrow(
      /OIDC_ISSUER_URL: required in production[\s\S]*OIDC_CLIENT_ID: required[\s\S]*OIDC_CLIENT_SECRET: required[\s\S]*PUBLIC_URL: required/,
    );
    const sso = { OIDC_ISSUER_URL: 'https://sso.example.cn/realms/post', OIDC_CLIENT_ID: 'bpm', OIDC_CLIENT_SECRET: 's', PUBLIC_URL: 'https://bpm.example.cn' };
    expect(parseEnv({ ...base, ...sso }).OIDC_USER_CLAIM).toBe('preferred_username');
    expect(() => parseEnv({ OIDC_ISSUER_URL: 'https://sso.example.cn' })).toThrow(/go together/);
    expect(() => parseEnv({ ...base, ...sso, OIDC_ORG_CLAIM: 'org' })).toThrow(/OIDC_ORG_CLAIM and OIDC_ROLES_CLAIM go together/);
  });
});
