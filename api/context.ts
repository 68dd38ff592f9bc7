// What route handlers and services share: the DB, the Temporal client, the policy, the logger.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { WrittenTransition } from '../db/projection.js';
import type { CasePolicy } from '../domain/policy.js';
import type { Oidc } from './auth/oidc.js';
import type { SessionLimits } from './auth/sessions.js';

export interface ServiceContext {
  db: Db;
  temporal: Client;
  taskQueue: string;
  policy: CasePolicy;
  attachments: { maxBytes: number; contentTypes: string[]; maxCount: number };
  log: Logger;
  /** Told of each transition the API records itself (a case's creation): the process's metrics. */
  onRecorded?: (r: WrittenTransition['recorded'][number]) => void;
  /** Email notices are configured (SMTP_URL): people may choose them. */
  emailNotices?: boolean;
}

/** How people sign in, for the auth plugin and the sign-in routes. */
export interface AuthSettings {
  sessions: SessionLimits;
  /** The longest a bearer token may live (TOKEN_MAX_HOURS). */
  tokenMaxHours: number;
  /** Single sign-on, when configured. */
  oidc?: Oidc;
  /** The pick-a-person page: local mode only, never in production. */
  localSignIn: boolean;
  production: boolean;
  /** Base URL people reach the service at (the OIDC callback is resolved against it). */
  publicUrl: string;
  /** The Temporal Web UI, linked from the console. */
  temporalUiUrl?: string;
}
