// Bundles the workflows with workflows/patches.ts replaced by a variant module.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../../platform/worker.js';

const requireFromWorker = createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'));
const webpack = requireFromWorker('webpack') as { NormalModuleReplacementPlugin: new (pattern: RegExp, replacement: string) => unknown };
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

export async function bundleWithPatchesVariant(variant: string): Promise<string> {
  const replacement = fileURLToPath(new URL(`../fixtures/variants/${variant}.ts`, import.meta.url));
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => {
      config.plugins = [...(config.plugins ?? []), new webpack.NormalModuleReplacementPlugin(/^\.\/patches\.js$/, replacement) as never];
      return config;
    },
  });
  return code;
}
