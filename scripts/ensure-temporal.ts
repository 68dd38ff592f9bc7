// Makes sure the Temporal CLI binary exists before tests start (building it takes minutes the
// first time; a test's timeout must never include that).
import { parseEnv } from '../config/env.js';
import { loadTemporalConfig } from '../config/temporal.js';
import { ensureTemporalCli } from '../platform/temporal-cli.js';

const config = loadTemporalConfig(parseEnv().TEMPORAL_CONFIG);
const path = await ensureTemporalCli(config.devServer.cliVersion, (line) => console.log(`[temporal-cli] ${line}`));
console.log(`[temporal-cli] using ${path}`);
