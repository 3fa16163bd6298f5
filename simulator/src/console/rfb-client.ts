import type WebSocket from 'ws';
import { encodePixelFormat, DEFAULT_PIXEL_FORMAT } from './pixel-format';
import { vncAuthResponse } from './vnc-des';
import { ByteReader, closeWebSocket, openWebSocket, type WsConnectOptions } from './ws-client';

export interface RfbServerInfo {
  version: string;
  width: number;
  height: number;
  name: string;
}

export interface RfbRectStats {
  x: number;
  y: number;
  width: number;
  height: number;
  encoding: number;
  /** Pixel payload bytes of this rectangle. */
  bytes: number;
  /** Pixels whose RGB value is not black. */
  nonZeroPixels: number;
}

export interface RfbUpdate {
  rects: RfbRectStats[];
  /** Wire bytes of the whole FramebufferUpdate message. */
  bytes: number;
}

export interface RfbConnectOptions extends WsConnectOptions {
  /** VNC password: the generated one, or the ticket (only its first 8 characters matter). */
  password: string;
}

export class RfbAuthError extends Error {}

const ENCODING_RAW = 0;
const ENCODING_DESKTOP_SIZE = -223;

/**
 * A tiny RFB 3.8 client over a WebSocket for tests and benchmarks: VNC authentication, 32 bpp Raw
 * updates, and simple input. Not a viewer: it only measures what it receives.
 */
export class RfbClient {
  private updates: Array<{ resolve: (u: RfbUpdate) => void; reject: (e: Error) => void }> = [];
  private loopError: Error | null = null;
  bytesReceived = 0;

  private constructor(
    readonly ws: WebSocket,
    private readonly reader: ByteReader,
    readonly server: RfbServerInfo,
  ) {}

  static async connect(url: string, opts: RfbConnectOptions): Promise<RfbClient> {
    let reader!: ByteReader;
    const ws = await openWebSocket(url, opts, (socket) => (reader = new ByteReader(socket)));
    try {
      const server = await handshake(ws, reader, opts.password);
      const client = new RfbClient(ws, reader, server);
      client.configure();
      void client.readLoop();
      return client;
    } catch (err) {
      ws.terminate();
      throw err;
    }
  }

  /** Requests an update of the whole screen (or `rect`) and resolves with the next update. */
  requestUpdate(
    incremental = false,
    rect?: { x: number; y: number; w: number; h: number },
  ): Promise<RfbUpdate> {
    if (this.loopError) return Promise.reject(this.loopError);
    const r = rect ?? { x: 0, y: 0, w: this.server.width, h: this.server.height };
    const msg = Buffer.alloc(10);
    msg[0] = 3;
    msg[1] = incremental ? 1 : 0;
    msg.writeUInt16BE(r.x, 2);
    msg.writeUInt16BE(r.y, 4);
    msg.writeUInt16BE(r.w, 6);
    msg.writeUInt16BE(r.h, 8);
    const p = new Promise<RfbUpdate>((resolve, reject) => this.updates.push({ resolve, reject }));
    this.ws.send(msg);
    return p;
  }

  /** Polls full updates until a rectangle has non-black pixels (a guest still booting is black). */
  async waitForNonBlank(timeoutMs = 15000, intervalMs = 200): Promise<RfbRectStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const update = await this.requestUpdate(false);
      const rect = update.rects.find((r) => r.nonZeroPixels > 0);
      if (rect) return rect;
      if (Date.now() > deadline) throw new Error('framebuffer stayed blank');
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  sendKey(keysym: number, down: boolean): void {
    const msg = Buffer.alloc(8);
    msg[0] = 4;
    msg[1] = down ? 1 : 0;
    msg.writeUInt32BE(keysym, 4);
    this.ws.send(msg);
  }

  sendCtrlAltDel(): void {
    for (const [k, down] of [
      [0xffe3, true],
      [0xffe9, true],
      [0xffff, true],
      [0xffff, false],
      [0xffe9, false],
      [0xffe3, false],
    ] as const) {
      this.sendKey(k, down);
    }
  }

  sendPointer(x: number, y: number, buttons = 0): void {
    const msg = Buffer.alloc(6);
    msg[0] = 5;
    msg[1] = buttons;
    msg.writeUInt16BE(x, 2);
    msg.writeUInt16BE(y, 4);
    this.ws.send(msg);
  }

  sendClipboard(text: string): void {
    const body = Buffer.from(text, 'latin1');
    const head = Buffer.alloc(8);
    head[0] = 6;
    head.writeUInt32BE(body.length, 4);
    this.ws.send(Buffer.concat([head, body]));
  }

  close(): Promise<void> {
    return closeWebSocket(this.ws);
  }

  private configure(): void {
    const setPf = Buffer.alloc(20);
    setPf[0] = 0;
    encodePixelFormat(DEFAULT_PIXEL_FORMAT).copy(setPf, 4);
    const encodings = [ENCODING_RAW, ENCODING_DESKTOP_SIZE];
    const setEnc = Buffer.alloc(4 + 4 * encodings.length);
    setEnc[0] = 2;
    setEnc.writeUInt16BE(encodings.length, 2);
    encodings.forEach((e, i) => setEnc.writeInt32BE(e, 4 + 4 * i));
    this.ws.send(Buffer.concat([setPf, setEnc]));
  }

  private async readLoop(): Promise<void> {
    try {
      for (;;) {
        const [type] = await this.reader.read(1);
        switch (type) {
          case 0:
            this.updates.shift()?.resolve(await this.readUpdate());
            break;
          case 1: {
            const head = await this.reader.read(5);
            await this.reader.read(6 * head.readUInt16BE(3));
            break;
          }
          case 2:
            break;
          case 3: {
            const head = await this.reader.read(7);
            await this.reader.read(head.readUInt32BE(3));
            break;
          }
          default:
            throw new Error(`unexpected RFB server message ${type}`);
        }
      }
    } catch (err) {
      this.loopError = err as Error;
      for (const u of this.updates.splice(0)) u.reject(this.loopError);
    }
  }

  private async readUpdate(): Promise<RfbUpdate> {
    const head = await this.reader.read(3);
    const count = head.readUInt16BE(1);
    const rects: RfbRectStats[] = [];
    let bytes = 4;
    for (let i = 0; i < count; i++) {
      const rh = await this.reader.read(12);
      const rect: RfbRectStats = {
        x: rh.readUInt16BE(0),
        y: rh.readUInt16BE(2),
        width: rh.readUInt16BE(4),
        height: rh.readUInt16BE(6),
        encoding: rh.readInt32BE(8),
        bytes: 0,
        nonZeroPixels: 0,
      };
      bytes += 12;
      if (rect.encoding === ENCODING_RAW) {
        const pixels = await this.reader.read(rect.width * rect.height * 4);
        rect.bytes = pixels.length;
        rect.nonZeroPixels = countNonBlack(pixels);
      } else if (rect.encoding === ENCODING_DESKTOP_SIZE) {
        this.server.width = rect.width;
        this.server.height = rect.height;
      } else throw new Error(`unsupported encoding ${rect.encoding}`);
      bytes += rect.bytes;
      rects.push(rect);
    }
    this.bytesReceived += bytes;
    return { rects, bytes };
  }
}

/** Counts 32 bpp little-endian pixels whose RGB bits are not all zero. */
function countNonBlack(pixels: Buffer): number {
  const aligned = pixels.byteOffset % 4 === 0 ? pixels : Buffer.from(pixels);
  const view = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
  let n = 0;
  for (let i = 0; i < view.length; i++) if (view[i] & 0xffffff) n++;
  return n;
}

async function handshake(
  ws: WebSocket,
  reader: ByteReader,
  password: string,
): Promise<RfbServerInfo> {
  const version = (await reader.read(12)).toString('latin1');
  if (!/^RFB 003\.\d{3}\n$/.test(version))
    throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
  ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const [count] = await reader.read(1);
  if (count === 0) {
    const len = (await reader.read(4)).readUInt32BE(0);
    throw new RfbAuthError((await reader.read(len)).toString());
  }
  const types = [...(await reader.read(count))];
  if (types.includes(2)) {
    ws.send(Buffer.from([2]));
    ws.send(vncAuthResponse(password, await reader.read(16)));
  } else if (types.includes(1)) ws.send(Buffer.from([1]));
  else throw new RfbAuthError(`no supported security type in [${types.join(',')}]`);
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) {
    const len = (await reader.read(4)).readUInt32BE(0);
    throw new RfbAuthError((await reader.read(len)).toString() || 'authentication failed');
  }
  ws.send(Buffer.from([1])); // ClientInit: shared
  const init = await reader.read(24);
  const name = (await reader.read(init.readUInt32BE(20))).toString('utf8');
  return {
    version: version.trim(),
    width: init.readUInt16BE(0),
    height: init.readUInt16BE(2),
    name,
  };
}

export interface FirstFrame {
  server: RfbServerInfo;
  rect: RfbRectStats;
  /** ms from WebSocket open request to ServerInit. */
  handshakeMs: number;
  /** ms from WebSocket open request to the first non-blank rectangle. */
  firstFrameMs: number;
}

/** Connects, authenticates, waits for a non-blank rectangle, disconnects: one call for tests. */
export async function fetchFirstFrame(
  url: string,
  opts: RfbConnectOptions & { blankTimeoutMs?: number },
): Promise<FirstFrame> {
  const t0 = performance.now();
  const client = await RfbClient.connect(url, opts);
  const handshakeMs = performance.now() - t0;
  try {
    const rect = await client.waitForNonBlank(opts.blankTimeoutMs ?? 15000);
    return { server: client.server, rect, handshakeMs, firstFrameMs: performance.now() - t0 };
  } finally {
    await client.close();
  }
}
