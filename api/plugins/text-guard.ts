// Every text a client sends must be storable: PostgreSQL text cannot hold NUL, and gRPC (Temporal)
// rejects lone surrogates. Refuse both up front (422 naming the field), before any rule runs.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unprocessable } from '../errors.js';

function findBadText(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') {
    const wellFormed = (value as string & { isWellFormed(): boolean }).isWellFormed();
    return value.includes('\u0000') || !wellFormed ? path : undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const bad = findBadText(child, [...path, key]);
      if (bad) return bad;
    }
  }
  return undefined;
}

export default fp(
  async function textGuard(app: FastifyInstance) {
    app.addHook('preValidation', async (req) => {
      for (const [part, value] of [['body', req.body], ['querystring', req.query], ['params', req.params]] as const) {
        const bad = findBadText(value, [part]);
        if (bad) throw unprocessable(bad.join('.'), 'storableText', 'text must be valid Unicode without NUL characters');
      }
    });
  },
  { name: 'text-guard' },
);
