// Prints a bearer token the local stack accepts, for scripts and tests:
//   npm run --silent token -- --org jinan --role office [--user jinan-agent-1]
// A token naming someone in the user directory must match their organisation and a role of theirs.
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config/index.js';
import { tokenClaimsSchema } from '../api/plugins/auth.js';
import { authSecret } from '../platform/secret.js';

const { values } = parseArgs({
  options: { org: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, expires: { type: 'string', default: '12h' } },
});
const claims = tokenClaimsSchema.safeParse({ sub: values.user ?? `${values.role}-${values.org}`, org: values.org, role: values.role });
if (!claims.success) {
  console.error(
    `usage: npm run --silent token -- --org <code> --role <office|reviewer|handler|supervisor|ops|admin|integration> [--user <id>]\n${claims.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const config = loadConfig();
const sign = createSigner({ key: authSecret(config.env, config.dataDir), algorithm: 'HS256', expiresIn: values.expires });
console.log(sign(claims.data));
