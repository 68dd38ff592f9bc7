// What route handlers and services share: the DB, the Temporal client, the policy, the logger.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { CasePolicy } from '../workflows/policy.js';

export interface ServiceContext {
  db: Db;
  temporal: Client;
  taskQueue: string;
  policy: CasePolicy;
  attachments: { maxBytes: number; contentTypes: string[]; maxCount: number };
  log: Logger;
  /** A prebuilt workflow bundle for ops replay (else the workflows are bundled on demand). */
  replayBundlePath?: string;
}
