// Bundles the workflows with one of their modules replaced by a variant (test/fixtures/variants):
// what a deploy of that change without patched() would run.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../../platform/worker.js';

const requireFromWorker = createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'));
const webpack = requireFromWorker('webpack') as { NormalModuleReplacementPlugin: new (pattern: RegExp, replacement: string) => unknown };
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

/** `module` is the workflows' import of it (e.g. './review-reminder.js'); `variant` a file in test/fixtures/variants. */
export async function bundleWithVariant(module: string, variant: string): Promise<string> {
  const replacement = fileURLToPath(new URL(`../fixtures/variants/${variant}.ts`, import.meta.url));
  const pattern = new RegExp(`^${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => {
      config.plugins = [...(config.plugins ?? []), new webpack.NormalModuleReplacementPlugin(pattern, replacement) as never];
      return config;
    },
  });
  return code;
}
