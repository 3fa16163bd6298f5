import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { relayWebSockets, type RelayStats } from './console-relay';

const CHUNK = Buffer.alloc(64 * 1024, 7);

interface Harness {
  upstreamServer: WebSocketServer;
  upstreamSide: Promise<WebSocket>;
  relayUrl: string;
  /** The relay's browser-facing socket (to watch what it queues). */
  relayBrowser: Promise<WebSocket>;
  ended: Promise<RelayStats>;
  close(): Promise<void>;
}

/** Real sockets on ephemeral ports: upstream ws server ← relay (relayWebSockets) ← test client. */
async function harness(
  opts: { highWaterMark?: number; idleTimeoutMs?: number } = {},
): Promise<Harness> {
  const upHttp = http.createServer();
  const upstreamServer = new WebSocketServer({ server: upHttp });
  const upstreamSide = new Promise<WebSocket>((r) => upstreamServer.once('connection', r));
  upHttp.listen(0, '127.0.0.1');
  await once(upHttp, 'listening');
  const upUrl = `ws://127.0.0.1:${(upHttp.address() as AddressInfo).port}`;

  const relayHttp = http.createServer();
  const relayServer = new WebSocketServer({ server: relayHttp });
  let resolveEnd!: (s: RelayStats) => void;
  const ended = new Promise<RelayStats>((r) => (resolveEnd = r));
  const relayBrowser = new Promise<WebSocket>((r) => relayServer.once('connection', r));
  relayServer.on('connection', (browser) => {
    browser.pause();
    const upstream = new WebSocket(upUrl);
    upstream.once('open', () =>
      relayWebSockets(
        browser,
        upstream,
        { idleTimeoutMs: opts.idleTimeoutMs ?? 60_000, highWaterMark: opts.highWaterMark },
        resolveEnd,
      ),
    );
  });
  relayHttp.listen(0, '127.0.0.1');
  await once(relayHttp, 'listening');
  return {
    upstreamServer,
    upstreamSide,
    relayBrowser,
    relayUrl: `ws://127.0.0.1:${(relayHttp.address() as AddressInfo).port}`,
    ended,
    close: async () => {
      for (const s of [upstreamServer, relayServer]) for (const c of s.clients) c.terminate();
      await Promise.all([
        new Promise((r) => relayServer.close(r)),
        new Promise((r) => upstreamServer.close(r)),
      ]);
      await Promise.all([
        new Promise((r) => relayHttp.close(r)),
        new Promise((r) => upHttp.close(r)),
      ]);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('relayWebSockets', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('relays both ways byte for byte and reports the volume when the browser leaves', async () => {
    h = await harness();
    const client = new WebSocket(h.relayUrl);
    await once(client, 'open');
    const up = await h.upstreamSide;
    const fromBrowser = once(up, 'message');
    client.send(Buffer.from('RFB 003.008\n'));
    expect(Buffer.from((await fromBrowser)[0] as Buffer).toString()).toBe('RFB 003.008\n');
    const toBrowser = once(client, 'message');
    up.send(Buffer.from([1, 2, 3]));
    expect([...((await toBrowser)[0] as Buffer)]).toEqual([1, 2, 3]);

    const upClosed = once(up, 'close');
    client.close(1000);
    const stats = await h.ended;
    await upClosed;
    expect(stats).toMatchObject({ reason: 'browser_closed', bytesUp: 12, bytesDown: 3 });
  });

  it('closes the browser with a reason when Proxmox ends the session', async () => {
    h = await harness();
    const client = new WebSocket(h.relayUrl);
    await once(client, 'open');
    (await h.upstreamSide).close(1000);
    const [code, reason] = (await once(client, 'close')) as [number, Buffer];
    expect(code).toBe(1000);
    expect(reason.toString()).toBe('console closed by Proxmox');
    expect((await h.ended).reason).toBe('upstream_closed');
  });

  it('stops reading Proxmox while the browser does not keep up, then delivers everything', async () => {
    const high = 256 * 1024;
    h = await harness({ highWaterMark: high });
    const client = new WebSocket(h.relayUrl);
    await once(client, 'open');
    const up = await h.upstreamSide;
    const towardsBrowser = await h.relayBrowser;
    let received = 0;
    client.on('message', (d: Buffer) => (received += d.length));
    client.pause(); // a slow browser: nothing is read from its socket

    // Far more than loopback socket buffers hold, so without back-pressure the relay would queue MiBs.
    const frames = 512;
    const total = frames * CHUNK.length; // 32 MiB
    let maxQueued = 0;
    const sampler = setInterval(
      () => (maxQueued = Math.max(maxQueued, towardsBrowser.bufferedAmount)),
      2,
    );
    for (let i = 0; i < frames; i++) up.send(CHUNK);
    await sleep(500);
    expect(received).toBe(0);
    // The relay paused its upstream socket instead of buffering: the bytes wait at the sender.
    expect(up.bufferedAmount).toBeGreaterThan(total / 4);

    client.resume();
    const deadline = Date.now() + 15_000;
    while (received < total && Date.now() < deadline) await sleep(20);
    clearInterval(sampler);
    expect(received).toBe(total);
    expect(maxQueued).toBeLessThanOrEqual(high + 2 * CHUNK.length);
  });

  it('ends an idle session and does not count keep-alives as activity', async () => {
    const upHttp = http.createServer();
    const upServer = new WebSocketServer({ server: upHttp });
    upHttp.listen(0, '127.0.0.1');
    await once(upHttp, 'listening');
    const upUrl = `ws://127.0.0.1:${(upHttp.address() as AddressInfo).port}`;
    const relayHttp = http.createServer();
    const relayServer = new WebSocketServer({ server: relayHttp });
    const ended = new Promise<RelayStats>((resolve) =>
      relayServer.on('connection', (browser) => {
        const upstream = new WebSocket(upUrl);
        upstream.once('open', () =>
          relayWebSockets(
            browser,
            upstream,
            { idleTimeoutMs: 300, isKeepAlive: (d) => d.length === 1 && d[0] === 0x32 },
            resolve,
          ),
        );
      }),
    );
    relayHttp.listen(0, '127.0.0.1');
    await once(relayHttp, 'listening');
    try {
      const client = new WebSocket(`ws://127.0.0.1:${(relayHttp.address() as AddressInfo).port}`);
      await once(client, 'open');
      const ping = setInterval(() => client.readyState === client.OPEN && client.send('2'), 50);
      const [code] = (await once(client, 'close')) as [number];
      clearInterval(ping);
      expect(code).toBe(4408);
      const stats = await ended;
      expect(stats.reason).toBe('idle');
      expect(stats.durationMs).toBeGreaterThanOrEqual(300);
    } finally {
      for (const s of [upServer, relayServer]) for (const c of s.clients) c.terminate();
      await new Promise((r) => relayServer.close(r));
      await new Promise((r) => upServer.close(r));
      relayHttp.close();
      upHttp.close();
    }
  });
});
