// Prints a bearer token the local stack accepts, for scripts and tests:
//   npm run --silent token -- --org jinan --role office [--user jinan-agent-1] [--expires 2h]
// A token naming someone in the user directory must match their organisation and a role of theirs.
// Local mode only: in production the service accepts only the tokens it issues (POST /v1/tokens).
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config/index.js';
import { serviceMode } from '../config/mode.js';
import { tokenSubjectSchema } from '../api/plugins/auth.js';
import { authSecret } from '../platform/secret.js';

const { values } = parseArgs({
  options: { org: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, expires: { type: 'string', default: '12h' } },
});
const claims = tokenSubjectSchema.safeParse({ sub: values.user ?? `${values.role}-${values.org}`, org: values.org, role: values.role });
if (!claims.success) {
  console.error(
    `usage: npm run --silent token -- --org <code> --role <office|reviewer|handler|supervisor|ops|admin|integration> [--user <id>] [--expires <12h at most>]\n${claims.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const refuse = (why: string): never => {
  console.error(`npm run token: ${why}`);
  process.exit(2);
};
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  if (serviceMode(config) === 'production') {
    refuse('refused with production settings: production accepts only the tokens it issues (POST /v1/tokens with your session or API key)');
  }
} catch (error) {
  refuse((error as Error).message);
}
const sign = createSigner({ key: authSecret(config!.env, config!.dataDir), algorithm: 'HS256', expiresIn: values.expires });
console.log(sign(claims.data));
