import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Zero-downtime stop for the API (PM2 reloads its cluster processes one at a time). Nest's own shutdown
 * hooks destroy the modules (database, Redis) before the HTTP server stops, and Node's http close drops
 * idle keep-alive connections at once, which races a client sending its next request on one. Instead:
 * stop accepting (the cluster master routes new connections to the other processes and any it handed
 * over meanwhile are refused back to it), answer what comes on open connections with
 * `Connection: close` so clients reconnect elsewhere, let idle ones expire as their Keep-Alive header
 * told the client, and only then close the application.
 */
export function installGracefulShutdown(
  app: INestApplication,
  log: (msg: string) => void,
  drainMs = 6000,
  maxMs = 25_000,
): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  let draining = false;
  let inFlight = 0;
  fastify.addHook('onRequest', (_req, reply, done) => {
    inFlight += 1;
    // 'close' fires once per response, finished or aborted.
    reply.raw.once('close', () => (inFlight -= 1));
    if (draining) void reply.header('connection', 'close');
    done();
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    const server = app.getHttpServer() as Server;
    log(`${signal}: draining connections`);
    // net.Server's close stops accepting without http's "close idle connections now".
    NetServer.prototype.close.call(server);
    // Idle keep-alive connections get drainMs to go; requests in flight get up to maxMs to finish.
    const started = Date.now();
    let open = await connections(server);
    while (
      open > 0 &&
      Date.now() - started < maxMs &&
      (inFlight > 0 || Date.now() - started < drainMs)
    ) {
      await sleep(100);
      open = await connections(server);
    }
    if (open > 0) log(`${open} connection(s), ${inFlight} request(s) still open: closing them`);
    if (cluster.isWorker) await sleep(500);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (s) => void stop(s));
}

function connections(server: Server): Promise<number> {
  return new Promise((done) => server.getConnections((err, n) => done(err ? 0 : n)));
}
