// The whole configuration: env + temporal.yaml + policy.yaml, parsed once, frozen.
import { resolve } from 'node:path';
import { parseEnv, type Env } from './env.js';
import { loadTemporalConfig, type TemporalConfig } from './temporal.js';
import { loadPolicy, type Policy } from './policy.js';

export interface AppConfig {
  env: Env;
  temporal: TemporalConfig;
  policy: Policy;
  /** Absolute data directory for local-mode state (.data). */
  dataDir: string;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const env = parseEnv(source);
  const fromFile = loadTemporalConfig(env.TEMPORAL_CONFIG);
  const temporal: TemporalConfig = {
    ...fromFile,
    address: env.TEMPORAL_ADDRESS ?? fromFile.address ?? null,
    namespace: env.TEMPORAL_NAMESPACE ?? fromFile.namespace,
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? fromFile.taskQueue,
  };
  return Object.freeze({ env, temporal, policy: loadPolicy(env.POLICY_FILE), dataDir: resolve(env.DATA_DIR) });
}

export type { Env, TemporalConfig, Policy };
