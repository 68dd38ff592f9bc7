import type { z } from 'zod';

/** One line per problem, naming the key: "temporal.yaml: worker.maxCachedWorkflows: expected number". */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('\n');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
