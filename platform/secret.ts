import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config/env.js';

/** A key from the environment, or in local mode one generated once under DATA_DIR (production: config/env.ts requires it). */
function keyOf(name: 'AUTH_SECRET' | 'COOKIE_SECRET', env: Env, dataDir: string): string {
  const given = env[name];
  if (given) return given;
  if (env.NODE_ENV === 'production') throw new Error(`${name} is required in production`);
  const file = join(dataDir, name.toLowerCase().replace('_', '-'));
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The token-signing key: AUTH_SECRET, or in local mode .data/auth-secret. */
export const authSecret = (env: Env, dataDir: string) => keyOf('AUTH_SECRET', env, dataDir);
/** The cookie and CSRF key, never the token key: COOKIE_SECRET, or in local mode .data/cookie-secret. */
export const cookieSecret = (env: Env, dataDir: string) => keyOf('COOKIE_SECRET', env, dataDir);
