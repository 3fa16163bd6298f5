import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { FrameChannel } from './frame-channel';
import { relaySockets, type RelayHandle, type RelayOptions, type RelayStats } from './raw-relay';
import { encodeFrame, FrameDecoder, Opcode } from './ws-frame';
import { acceptUpgrade, connectUpstream } from './ws-handshake';

const CHUNK = Buffer.alloc(64 * 1024, 7);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Harness {
  upstreamSide: Promise<WebSocket>;
  relayUrl: string;
  /** The relay's browser-facing socket (to watch what it queues). */
  relayBrowser: Promise<Duplex>;
  handle: Promise<RelayHandle>;
  ended: Promise<RelayStats>;
  endCount: () => number;
  close(): Promise<void>;
}

/**
 * Real sockets on ephemeral ports: a `ws` server as Proxmox ← the relay (its own handshakes, an
 * optional prelude on the upstream leg, relaySockets) ← a `ws` client as the browser.
 */
async function harness(
  opts: Partial<RelayOptions> = {},
  prelude?: (up: FrameChannel) => Promise<void>,
  onUpstream?: (ws: WebSocket) => void,
): Promise<Harness> {
  const upHttp = http.createServer();
  const upstreamServer = new WebSocketServer({ server: upHttp });
  if (onUpstream) upstreamServer.on('connection', onUpstream);
  const upstreamSide = new Promise<WebSocket>((r) => upstreamServer.once('connection', r));
  upHttp.listen(0, '127.0.0.1');
  await once(upHttp, 'listening');
  const upUrl = `ws://127.0.0.1:${(upHttp.address() as AddressInfo).port}`;

  const relayHttp = http.createServer();
  const sockets = new Set<Duplex>();
  let resolveEnd!: (s: RelayStats) => void;
  let ends = 0;
  const ended = new Promise<RelayStats>((r) => (resolveEnd = r));
  let resolveBrowser!: (s: Duplex) => void;
  const relayBrowser = new Promise<Duplex>((r) => (resolveBrowser = r));
  let resolveHandle!: (h: RelayHandle) => void;
  const handle = new Promise<RelayHandle>((r) => (resolveHandle = r));
  relayHttp.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!acceptUpgrade(req, socket)) return;
    sockets.add(socket);
    resolveBrowser(socket);
    void (async () => {
      const up = await connectUpstream({ url: upUrl }, 5000);
      sockets.add(up.socket);
      let initial = up.head;
      if (prelude) {
        const channel = new FrameChannel(up.socket, 'client', 5000, up.head);
        await prelude(channel);
        initial = channel.detach();
      }
      resolveHandle(
        relaySockets(
          { socket, initial: head },
          { socket: up.socket, initial },
          { idleTimeoutMs: 60_000, ...opts },
          (s) => {
            ends++;
            resolveEnd(s);
          },
        ),
      );
    })();
  });
  relayHttp.listen(0, '127.0.0.1');
  await once(relayHttp, 'listening');
  return {
    upstreamSide,
    relayBrowser,
    handle,
    relayUrl: `ws://127.0.0.1:${(relayHttp.address() as AddressInfo).port}`,
    ended,
    endCount: () => ends,
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const c of upstreamServer.clients) c.terminate();
      await new Promise((r) => upstreamServer.close(r));
      await Promise.all([
        new Promise((r) => relayHttp.close(r)),
        new Promise((r) => upHttp.close(r)),
      ]);
    },
  };
}

async function browser(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, ['binary']);
  await once(ws, 'open');
  return ws;
}

describe('relaySockets', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('pipes frames both ways unchanged and reports payload bytes when the browser leaves', async () => {
    h = await harness();
    const client = await browser(h.relayUrl);
    const up = await h.upstreamSide;
    const fromBrowser = once(up, 'message');
    client.send('0:5:hello'); // a text frame stays a text frame
    const [data, isBinary] = (await fromBrowser) as [Buffer, boolean];
    expect([data.toString(), isBinary]).toEqual(['0:5:hello', false]);
    const toBrowser = once(client, 'message');
    up.send(Buffer.from([1, 2, 3]));
    expect([...((await toBrowser)[0] as Buffer)]).toEqual([1, 2, 3]);

    const upClosed = once(up, 'close');
    client.close(1000);
    const stats = await h.ended;
    await upClosed;
    expect(stats).toMatchObject({ reason: 'browser_closed', bytesUp: 9, bytesDown: 3 });
    await sleep(50);
    expect(h.endCount()).toBe(1);
  });

  it('closes the browser with a reason when Proxmox ends the session', async () => {
    h = await harness();
    const client = await browser(h.relayUrl);
    (await h.upstreamSide).close(1000);
    const [code, reason] = (await once(client, 'close')) as [number, Buffer];
    expect(code).toBe(1000);
    expect(reason.toString()).toBe('console closed by Proxmox');
    expect((await h.ended).reason).toBe('upstream_closed');
  });

  it('ends the session when the upstream connection drops without a close frame', async () => {
    h = await harness();
    const client = await browser(h.relayUrl);
    (await h.upstreamSide).terminate();
    const [code] = (await once(client, 'close')) as [number];
    expect(code).toBe(1000);
    expect((await h.ended).reason).toBe('upstream_closed');
  });

  it('stops reading Proxmox while the browser does not keep up, then delivers everything', async () => {
    const high = 256 * 1024;
    h = await harness({ highWaterMark: high });
    const client = await browser(h.relayUrl);
    const up = await h.upstreamSide;
    const towardsBrowser = await h.relayBrowser;
    let received = 0;
    client.on('message', (d: Buffer) => (received += d.length));
    client.pause(); // a slow browser: nothing is read from its socket

    const frames = 512;
    const total = frames * CHUNK.length; // 32 MiB, far more than loopback socket buffers hold
    let maxQueued = 0;
    const sampler = setInterval(
      () => (maxQueued = Math.max(maxQueued, towardsBrowser.writableLength)),
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

  it('stops reading the browser while Proxmox does not keep up', async () => {
    h = await harness({ highWaterMark: 128 * 1024 });
    const client = await browser(h.relayUrl);
    const up = await h.upstreamSide;
    let received = 0;
    up.on('message', (d: Buffer) => (received += d.length));
    up.pause();
    const frames = 256;
    for (let i = 0; i < frames; i++) client.send(CHUNK);
    await sleep(500);
    expect(received).toBe(0);
    expect(client.bufferedAmount).toBeGreaterThan((frames * CHUNK.length) / 4);
    up.resume();
    const deadline = Date.now() + 15_000;
    while (received < frames * CHUNK.length && Date.now() < deadline) await sleep(20);
    expect(received).toBe(frames * CHUNK.length);
    expect((await h.handle).stats.bytesUp).toBe(frames * CHUNK.length);
  });

  it('ends an idle session and does not count keep-alives as activity', async () => {
    h = await harness({ idleTimeoutMs: 300, keepAlive: Buffer.from('2') });
    const client = await browser(h.relayUrl);
    const ping = setInterval(() => client.readyState === client.OPEN && client.send('2'), 50);
    const [code, reason] = (await once(client, 'close')) as [number, Buffer];
    clearInterval(ping);
    expect([code, reason.toString()]).toEqual([4408, 'closed after inactivity']);
    const stats = await h.ended;
    expect(stats.reason).toBe('idle');
    expect(stats.durationMs).toBeGreaterThanOrEqual(300);
  });

  it('keeps a session with real input alive past the idle timeout', async () => {
    h = await harness({ idleTimeoutMs: 300, keepAlive: Buffer.from('2') });
    const client = await browser(h.relayUrl);
    const typing = setInterval(() => client.send('0:1:x'), 50);
    await sleep(700);
    clearInterval(typing);
    expect(client.readyState).toBe(client.OPEN);
    client.close();
    expect((await h.ended).reason).toBe('browser_closed');
  });

  it('stop() closes both sides with the given code and ends exactly once', async () => {
    h = await harness();
    const client = await browser(h.relayUrl);
    const up = await h.upstreamSide;
    const upClosed = once(up, 'close');
    const handle = await h.handle;
    handle.stop(1001, 'server shutting down');
    handle.stop(1001, 'again');
    const [code, reason] = (await once(client, 'close')) as [number, Buffer];
    expect([code, reason.toString()]).toEqual([1001, 'server shutting down']);
    await upClosed;
    expect((await h.ended).reason).toBe('stopped');
    expect(h.endCount()).toBe(1);
  });

  it('delivers what the prelude read ahead, including an unfinished fragmented message', async () => {
    h = await harness(
      {},
      async (up) => {
        expect((await up.read(2)).toString()).toBe('OK');
        await sleep(100); // let the first fragment arrive before the switch
      },
      (ws) => {
        ws.send(Buffer.from('OKhello'));
        ws.send(Buffer.from('wor'), { fin: false });
        setTimeout(() => ws.send(Buffer.from('ld'), { fin: true }), 300);
      },
    );
    const client = new WebSocket(h.relayUrl, ['binary']);
    const got: string[] = [];
    client.on('message', (d: Buffer) => got.push(d.toString()));
    const deadline = Date.now() + 5000;
    while (got.join('') !== 'helloworld' && Date.now() < deadline) await sleep(20);
    expect(got.join('')).toBe('helloworld');
    client.close();
  });

  it('refuses a browser that does not offer the binary subprotocol (400)', async () => {
    h = await harness();
    const client = new WebSocket(h.relayUrl, ['base64']);
    client.on('error', () => undefined);
    const [, res] = (await once(client, 'unexpected-response')) as [unknown, http.IncomingMessage];
    expect(res.statusCode).toBe(400);
    client.terminate();
  });
});

describe('FrameChannel.detach', () => {
  it('re-frames unread payload and hands back a partly received frame as is', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[net.Socket]>;
    const ours = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [peer] = await accepted;
    try {
      const next = encodeFrame(Opcode.Binary, Buffer.from('screen update'), { mask: false });
      peer.write(
        Buffer.concat([
          encodeFrame(Opcode.Binary, Buffer.from('OKab'), { mask: false }),
          next.subarray(0, 5),
        ]),
      );
      const channel = new FrameChannel(ours, 'client', 2000);
      expect((await channel.read(2)).toString()).toBe('OK');
      await sleep(50);
      const leftover = channel.detach();
      // Towards the browser these are server frames: unmasked, then the rest of the partial one.
      const frames = new FrameDecoder(false).push(Buffer.concat([leftover, next.subarray(5)]));
      expect(frames.map((f) => f.payload.toString())).toEqual(['ab', 'screen update']);
    } finally {
      ours.destroy();
      peer.destroy();
      server.close();
    }
  });
});
