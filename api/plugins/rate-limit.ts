// Requests per minute, counted by who the caller proved to be — the person, or the API key — once
// authenticated, and by the client's address before that (public routes, refused credentials).
// Never by anything the caller can vary at will: a header's text, a cookie's spelling, a newly
// minted token. Behind a proxy the address is the proxy's unless TRUST_PROXY names it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../errors.js';
import { UNLIMITED } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a refused credential against the caller's address; throws 429 once the address has spent its budget. */
    countRefusal(req: FastifyRequest): Promise<void>;
  }
}

export default fp(
  async function rateLimits(app: FastifyInstance, opts: { perMinute: number }) {
    await app.register(rateLimit, {
      max: opts.perMinute,
      timeWindow: '1 minute',
      // Runs after authentication (a route's own hook, after the app's): req.actor is set on routes that require it.
      keyGenerator: (req) => (req.actor ? `who:${req.actor.userId}` : `address:${req.ip}`),
      // Probes, and the console's hashed files (cheap, cached for a year, fetched by everyone behind one office address).
      allowList: (req) => UNLIMITED.includes(req.url) || (req.method === 'GET' && req.url.startsWith('/assets/')),
    });
    const refusals = app.createRateLimit({ keyGenerator: (req) => `refused:${req.ip}` });
    app.decorate('countRefusal', async (req: FastifyRequest) => {
      const counted = await refusals(req);
      if (!counted.isAllowed && counted.isExceeded) throw new AppError(429, 'RATE_LIMITED', 'too many refused credentials from this address; retry later');
    });
  },
  { name: 'rate-limits' },
);
