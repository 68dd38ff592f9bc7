import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from '../config/index.js';
import { ConfigError } from '../config/errors.js';
import { serviceMode } from '../config/mode.js';
import { StartupError } from '../platform/startup-error.js';
import { createLogger } from '../platform/logger.js';

/** A start-up failure is one clear line (a bad setting names each key), never a stack trace. */
function exitWith(error: unknown, log?: Logger): never {
  const known = error instanceof ConfigError || error instanceof StartupError;
  const message = error instanceof Error ? error.message : String(error);
  if (!known) log?.debug({ err: error }, 'start-up failed');
  process.stderr.write(`\nstart-up failed: ${message}${known ? '' : '\n(LOG_LEVEL=debug shows the details)'}\n`);
  process.exit(1);
}

/**
 * The configuration and a logger, or one clear line and exit 1. A service (`service: true`: the API,
 * the worker, npm start) also refuses a configuration that is neither production nor local, before
 * it starts anything; tools that only reach the database (directory, cluster wiring) do not run local mode.
 */
export function configure(o: { service?: boolean } = {}): { config: AppConfig; log: Logger } {
  try {
    const config = loadConfig();
    if (o.service) serviceMode(config);
    return { config, log: createLogger(config.env.LOG_LEVEL, 'postal-bpm', config.env.NODE_ENV === 'production') };
  } catch (error) {
    exitWith(error);
  }
}

/**
 * Starts something, then on SIGINT/SIGTERM runs its stop function once and exits. `start` must
 * stop whatever it started before it throws, so a failed start leaves no process behind.
 */
export async function runUntilSignal(log: Logger, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took over 30 s; exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    try {
      await stop?.();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  // on, not once: a terminal's Ctrl-C can arrive twice (npm and tsx relay it); repeats are ignored.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    stop = await start();
  } catch (error) {
    exitWith(error, log);
  }
}
