// Prebuilds the workflow bundle so production workers start without bundling:
//   npx tsx scripts/bundle-workflows.ts [out=dist/workflow-bundle.js]; then WORKFLOW_BUNDLE=<out> npm run start:worker
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflows } from '../platform/worker.js';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
const { code } = await bundleWorkflows();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, code);
console.log(`wrote ${out} (${Math.round(code.length / 1024)} KiB)`);
