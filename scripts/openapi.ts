// Prints the OpenAPI document the API serves at /openapi.json, without starting anything: the web
// console's typed client is generated from it (npm run build:console), so the two cannot drift.
// Every sign-in route is included (local and single sign-on), as a client may meet either.
import { writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildApp } from '../api/app.js';
import type { ServiceContext } from '../api/context.js';
import { createOidc } from '../api/auth/oidc.js';
import { casePolicyOf, loadPolicy } from '../config/policy.js';

const unused = new Proxy(
  {},
  {
    get: () => {
      throw new Error('not available while printing the OpenAPI document');
    },
  },
);
const policy = loadPolicy('config/policy.yaml');
const app = await buildApp({
  ctx: {
    db: unused,
    temporal: unused,
    taskQueue: 'openapi',
    // Read while the routes register (the change feed's due-soon share): the configured one.
    policy: casePolicyOf(policy),
    attachments: policy.attachments,
    log: pino({ level: 'silent' }),
  } as unknown as ServiceContext,
  logger: pino({ level: 'silent' }),
  keys: { token: 'x'.repeat(32), cookie: 'y'.repeat(32) },
  metrics: new Registry(),
  streams: { perPerson: 1, total: 1, maxLifeMs: 1, recheckMs: 60_000 },
  auth: {
    sessions: { idleMs: 1, maxMs: 1 },
    tokenMaxHours: 1,
    localSignIn: true,
    production: false,
    publicUrl: 'http://127.0.0.1:3000',
    oidc: createOidc({
      issuer: 'https://idp.invalid',
      clientId: 'x',
      clientSecret: 'x',
      scopes: 'openid',
      redirectUri: 'http://127.0.0.1:3000/auth/callback',
      postLogoutRedirectUri: 'http://127.0.0.1:3000/login',
      userClaim: 'sub',
    }),
  },
});
await app.ready();
const document = JSON.stringify(app.swagger(), null, 2);
const out = process.argv[2];
if (out) writeFileSync(out, `${document}\n`);
else process.stdout.write(`${document}\n`);
await app.close();
