// Makes sure the Temporal server, its SQL tool, the Web UI server and the schema are there before
// the cluster rehearsals start (a first build takes minutes; no test timeout may include it).
import { ensureTemporalServer, ensureTemporalUi } from '../platform/temporal-server.js';

const say = (line: string) => console.log(`[temporal-server] ${line}`);
const { server, sqlTool, schemaDir } = await ensureTemporalServer(say);
say(`using ${server}, ${sqlTool}, schema ${schemaDir}`);
if (process.argv.includes('--ui')) say(`using ${await ensureTemporalUi(say)}`);
