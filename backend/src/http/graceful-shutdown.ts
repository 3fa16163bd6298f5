import cluster from 'node:cluster';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Zero-downtime stop for the API (PM2 reloads its cluster processes one at a time). Nest's own shutdown
 * hooks destroy the modules (database, Redis) before the HTTP server stops accepting, so requests in
 * flight would fail. Here the order is: stop accepting and finish the requests in flight; as a cluster
 * worker, stay a moment to refuse connections the master handed over meanwhile (it gives them to another
 * process; a worker that exits first leaves them hanging in the master); then close the application.
 */
export function installGracefulShutdown(app: INestApplication, log: (msg: string) => void): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining HTTP`);
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await Promise.race([fastify.close(), sleep(8000)]).catch(() => undefined);
    if (cluster.isWorker) await sleep(1000);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (s) => void stop(s));
}
