// The web console: static files built from web/ (web/dist), served at /. Any other browser
// navigation outside the API answers the console's index.html, so its routes can be bookmarked.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export const consoleDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const API_PATHS = /^\/(v1|auth|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a browser navigation with the console's page; false when it is not one (or no console is built). */
    consolePage(req: FastifyRequest, reply: FastifyReply): boolean;
  }
}

export default fp(
  async function consolePlugin(app: FastifyInstance, opts: { dist?: string }) {
    const root = opts.dist ?? consoleDist;
    const built = existsSync(`${root}/index.html`);
    if (built) {
      // Hashed assets never change under their name: cache them for a year; the page itself not at all.
      await app.register(fastifyStatic, {
        root,
        wildcard: false,
        index: ['index.html'],
        setHeaders: (res, path) => res.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      });
    } else {
      app.log.warn({ root }, 'the web console is not built (npm run build:console); / answers 404');
    }
    app.decorate('consolePage', (req: FastifyRequest, reply: FastifyReply) => {
      if (!built || req.method !== 'GET' || API_PATHS.test(req.url) || !req.headers.accept?.includes('text/html')) return false;
      void reply.header('cache-control', 'no-cache').sendFile('index.html');
      return true;
    });
  },
  { name: 'console' },
);
