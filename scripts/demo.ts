// npm run demo: reproduces the seed's May–June table through the running service's API
// (start it first with `npm start`). API_URL overrides the address.
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config/index.js';
import { authSecret } from '../platform/secret.js';
import { formatReport, runDemo } from './demo/run-demo.js';
import { SEED_TOTAL } from './demo/seed-figures.js';

const config = loadConfig();
const base = config.env.PUBLIC_URL ?? `http://${config.env.HOST}:${config.env.PORT}`;
const sign = createSigner({ key: authSecret(config.env, config.dataDir), algorithm: 'HS256', expiresIn: '1h' });
const started = Date.now();
console.log(`driving ${SEED_TOTAL} applications through ${base} …`);
const { report } = await runDemo({
  token: (role, org) => sign({ sub: `demo-${role}-${org}`, org, role }),
  call: async (method, url, token, body) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  },
  onProgress: (done, total) => {
    if (done % 100 === 0 || done === total) process.stderr.write(`  ${done}/${total}\n`);
  },
});
console.log(`\n${formatReport(report)}\n\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
