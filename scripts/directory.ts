// The user directory and API keys from the command line: how production gets its first admin and
// the mail-item feed its key (the admin endpoints do the same over HTTP). Every change is audited.
//   npm run directory -- add --id E1001 --name 张伟 --org province --roles admin[,reviewer] [--phone 139…] [--email a@b] [--login zhang.wei]
//   npm run directory -- list | deactivate <id> | api-key --name <text> --role integration --org province
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { connectDb } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { seedReferenceData, PROVINCIAL_ORG } from '../db/seed.js';
import { ROLES, type Actor, type Role } from '../domain/vocabulary.js';
import { changeUser, createUser, listUsers } from '../api/auth/directory.js';
import { createApiKey } from '../api/auth/api-keys.js';
import { createApiKeyBody, createUserBody } from '../api/schemas/auth.js';
import { configure } from './run-until-signal.js';
import type { z } from 'zod';

/** The same rules as the admin endpoints; a bad option names itself. */
function valid<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(r.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
  return r.data;
}

const USAGE = `usage: npm run directory -- <command>
  list                                                           everyone in the directory
  add --id <id> --name <name> --org <code> --roles <r1,r2> [--phone <n>] [--email <address>] [--login <IdP name>]
  deactivate <id>                                                sessions end, tokens refused
  api-key --name <text> --role <role> --org <code>               prints the key once`;

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    org: { type: 'string' },
    roles: { type: 'string' },
    role: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    login: { type: 'string' },
  },
});
const [command, arg] = positionals;
const roles = (o.roles ?? o.role ?? '').split(',').filter(Boolean) as Role[];
if (!command || roles.some((r) => !ROLES.includes(r))) {
  console.error(USAGE);
  process.exit(2);
}

const { config } = configure();
const db = connectDb(config.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/postal_bpm`, {
  max: 2,
  applicationName: 'postal-bpm-directory',
});
const actor: Actor = { userId: `cli:${userInfo().username}`, org: PROVINCIAL_ORG, role: 'admin', name: 'command line' };
try {
  await runMigrations(db.pool);
  await seedReferenceData(db.db);
  switch (command) {
    case 'list':
      console.table(
        (await listUsers(db.db, {})).map((u) => ({
          id: u.id,
          login: u.login,
          name: u.name,
          org: u.org,
          roles: u.roles.join(','),
          phone: u.phone,
          email: u.email,
          active: u.active,
        })),
      );
      break;
    case 'add':
      console.log(
        await createUser(db.db, actor, valid(createUserBody, { id: o.id, login: o.login, name: o.name, org: o.org, roles, phone: o.phone, email: o.email })),
      );
      break;
    case 'deactivate':
      console.log(await changeUser(db.db, actor, arg!, { active: false }));
      break;
    case 'api-key': {
      const key = await createApiKey(db.db, actor, valid(createApiKeyBody, { name: o.name, role: roles[0], org: o.org }));
      console.log(`API key "${key.name}" (${key.role}@${key.org}), shown this once:\n\n  ${key.key}\n`);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} catch (error) {
  console.error(`directory: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
