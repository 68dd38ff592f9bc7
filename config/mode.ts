// Production or local mode, decided once per start. Local mode (sign-in without password, the
// seeded people, tokens naming anyone, cookies without Secure) is safe only where nobody else can
// reach it: it runs when chosen (LOCAL_MODE=true) or when everything is on loopback with the
// embedded database. Anything else that is not production refuses to start, naming the setting.
import type { AppConfig } from './index.js';
import { ConfigError } from './errors.js';
import { hostOf, isLoopbackHost } from './loopback.js';

export type ServiceMode = 'local' | 'production';

/** Why this configuration is not a local one (the first setting that makes it reachable or shared), if it is not. */
function notLocal(config: AppConfig): string | undefined {
  const e = config.env;
  if (e.DATABASE_URL) return 'DATABASE_URL names a database (local mode uses the embedded one)';
  if (!isLoopbackHost(e.HOST)) return `HOST is ${e.HOST}, not loopback`;
  if (config.temporal.address && !isLoopbackHost(hostOf(config.temporal.address))) return `TEMPORAL_ADDRESS is ${config.temporal.address}, not loopback`;
  if (e.PUBLIC_URL && !isLoopbackHost(hostOf(e.PUBLIC_URL))) return `PUBLIC_URL is ${e.PUBLIC_URL}, not loopback`;
  return undefined;
}

/** The mode to run in, or a one-line ConfigError saying which setting to give. */
export function serviceMode(config: AppConfig): ServiceMode {
  const e = config.env;
  if (e.NODE_ENV === 'production') return 'production';
  if (e.LOCAL_MODE === true) return 'local';
  const reason = e.LOCAL_MODE === false ? 'LOCAL_MODE is false' : notLocal(config);
  if (!reason) return 'local';
  throw new ConfigError(
    `not local mode: ${reason}. Set NODE_ENV=production for a deployment (with its settings), or LOCAL_MODE=true to run local mode anyway (sign-in without password, seeded people, tokens for anyone).`,
  );
}
