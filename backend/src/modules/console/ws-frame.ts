import { randomFillSync } from 'node:crypto';

/**
 * A small RFC 6455 frame codec for the console relay: full decoding for the short preludes (VNC
 * auth, termproxy login) and a header-only scanner for the relay phase, which forwards frames as
 * they are (browser frames are masked client frames, Proxmox's unmasked server frames) and only
 * looks at headers: payload bytes for the statistics, the keep-alive message, close frames.
 * No extensions are ever negotiated, so every RSV bit must be zero.
 */
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

/** The peer broke the framing rules; the connection cannot go on. */
export class FrameError extends Error {}

const EMPTY = Buffer.alloc(0);

export interface FrameHeader {
  fin: boolean;
  opcode: number;
  /** Offset of the 4-byte masking key, or -1 for an unmasked frame. */
  maskAt: number;
  headerLength: number;
  payloadLength: number;
}

/** Parses the header at `off`; null while it is incomplete. Throws on headers no peer may send. */
export function parseHeader(buf: Buffer, off: number, end = buf.length): FrameHeader | null {
  if (end - off < 2) return null;
  const b0 = buf[off];
  const b1 = buf[off + 1];
  if (b0 & 0x70) throw new FrameError('reserved bits set (no extension was negotiated)');
  const opcode = b0 & 0x0f;
  const fin = (b0 & 0x80) !== 0;
  const control = opcode >= 0x8;
  if (control ? opcode > Opcode.Pong : opcode > Opcode.Binary)
    throw new FrameError(`unknown opcode ${opcode}`);
  let len = b1 & 0x7f;
  let headerLength = 2;
  if (len === 126) {
    if (end - off < 4) return null;
    len = buf.readUInt16BE(off + 2);
    headerLength = 4;
  } else if (len === 127) {
    if (end - off < 10) return null;
    const high = buf.readUInt32BE(off + 2);
    if (high > 0x1fffff) throw new FrameError('frame too large');
    len = high * 2 ** 32 + buf.readUInt32BE(off + 6);
    headerLength = 10;
  }
  if (control && (len > 125 || !fin)) throw new FrameError('malformed control frame');
  let maskAt = -1;
  if (b1 & 0x80) {
    maskAt = off + headerLength;
    headerLength += 4;
    if (end - off < headerLength) return null;
  }
  return { fin, opcode, maskAt, headerLength, payloadLength: len };
}

/** One frame; `mask` for client → server frames (a fresh random key each time). */
export function encodeFrame(
  opcode: number,
  payload: Buffer,
  opts: { mask: boolean; fin?: boolean },
): Buffer {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const head = 2 + ext + (opts.mask ? 4 : 0);
  const out = Buffer.allocUnsafe(head + len);
  out[0] = (opts.fin === false ? 0 : 0x80) | opcode;
  out[1] = (opts.mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) out.writeUInt16BE(len, 2);
  else if (ext === 8) out.writeBigUInt64BE(BigInt(len), 2);
  if (opts.mask) {
    const key = randomFillSync(out.subarray(2 + ext, head));
    for (let i = 0; i < len; i++) out[head + i] = payload[i] ^ key[i & 3];
  } else {
    payload.copy(out, head);
  }
  return out;
}

/** A close frame with a status code and a short (ASCII) reason. */
export function encodeClose(code: number, reason: string, mask: boolean): Buffer {
  const text = Buffer.from(reason.slice(0, 120), 'utf8');
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return encodeFrame(Opcode.Close, payload, { mask });
}

export interface Frame {
  fin: boolean;
  opcode: number;
  /** Unmasked payload. */
  payload: Buffer;
}

/** Checks fragmentation order and masking; returns whether a fragmented message is open after it. */
function checkSequence(h: FrameHeader, masked: boolean, midMessage: boolean): boolean {
  if (h.maskAt >= 0 !== masked)
    throw new FrameError(
      masked ? 'client frames must be masked' : 'server frames must not be masked',
    );
  if (h.opcode >= 0x8) return midMessage;
  if (h.opcode === Opcode.Continuation) {
    if (!midMessage) throw new FrameError('continuation frame without a message');
  } else if (midMessage) {
    throw new FrameError('new message inside a fragmented one');
  }
  return !h.fin;
}

/** Full decoder for the prelude phase: whole frames out, the incomplete tail kept raw. */
export class FrameDecoder {
  private buf: Buffer = EMPTY;
  private open = false;

  constructor(
    /** Whether incoming frames must be masked (true when decoding what a browser sends). */
    private readonly masked: boolean,
    private readonly maxPayload = 1 << 20,
  ) {}

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    let off = 0;
    for (;;) {
      const h = parseHeader(this.buf, off);
      if (!h) break;
      if (h.payloadLength > this.maxPayload) throw new FrameError('frame too large');
      const end = off + h.headerLength + h.payloadLength;
      if (this.buf.length < end) break;
      this.open = checkSequence(h, this.masked, this.open);
      const payload = Buffer.from(this.buf.subarray(off + h.headerLength, end));
      if (h.maskAt >= 0)
        for (let i = 0; i < payload.length; i++) payload[i] ^= this.buf[h.maskAt + (i & 3)];
      frames.push({ fin: h.fin, opcode: h.opcode, payload });
      off = end;
    }
    this.buf = off === this.buf.length ? EMPTY : this.buf.subarray(off);
    return frames;
  }

  /** Raw bytes of a frame that has not fully arrived yet. */
  get pending(): Buffer {
    return this.buf;
  }

  /** True while a fragmented data message has started but its final frame has not come. */
  get midMessage(): boolean {
    return this.open;
  }
}

export interface ScanResult {
  /** Held-back bytes of a header split over chunks, to forward before `chunk[0, end)`. */
  head: Buffer | null;
  /** Bytes of the chunk to forward. */
  end: number;
  /** A close frame starts at `end`: nothing from there on is forwarded. */
  close: boolean;
  /** Data payload bytes in what is forwarded. */
  payloadBytes: number;
  /** Whether a data message other than the keep-alive passed. */
  activity: boolean;
}

/**
 * Header-only walk over a byte stream of frames for the relay phase: O(frames), never touches
 * payload bytes except to recognise the one-byte-scale keep-alive message. A header split over two
 * chunks is held back until complete, so a close frame can always be cut out cleanly.
 */
export class FrameScanner {
  private left = 0;
  private data = false;
  private open = false;
  private readonly hdr = Buffer.alloc(14);
  private hdrLen = 0;
  /** Keep-alive candidate being collected (payload so far, unmasked). */
  private probe: Buffer | null = null;
  private probeLen = 0;
  private mask: Buffer | null = null;

  constructor(
    private readonly masked: boolean,
    /** Exact payload of a message that is not activity (the termproxy keep-alive `2`). */
    private readonly keepAlive?: Buffer,
  ) {}

  scan(chunk: Buffer): ScanResult {
    const n = chunk.length;
    let head: Buffer | null = null;
    let payloadBytes = 0;
    let activity = false;
    let i = 0;
    while (i < n) {
      if (this.left > 0) {
        const take = Math.min(this.left, n - i);
        if (this.data) {
          payloadBytes += take;
          if (this.probe) {
            for (let k = 0; k < take; k++, this.probeLen++) {
              const b = chunk[i + k] ^ (this.mask ? this.mask[this.probeLen & 3] : 0);
              this.probe[this.probeLen] = b;
            }
          } else {
            activity = true;
          }
        }
        this.left -= take;
        i += take;
        if (this.left === 0 && this.probe) {
          if (!this.probe.equals(this.keepAlive!)) activity = true;
          this.probe = null;
        }
        continue;
      }
      let h: FrameHeader | null;
      let from = chunk;
      let start = i;
      if (this.hdrLen === 0) {
        h = parseHeader(chunk, i);
        if (!h) {
          chunk.copy(this.hdr, 0, i, n);
          this.hdrLen = n - i;
          return { head, end: i, close: false, payloadBytes, activity };
        }
        i += h.headerLength;
      } else {
        const had = this.hdrLen;
        const copied = chunk.copy(this.hdr, had, i, Math.min(n, i + 14 - had));
        h = parseHeader(this.hdr, 0, had + copied);
        if (!h) {
          this.hdrLen += copied;
          return { head, end: i, close: false, payloadBytes, activity };
        }
        // The held-back start of the header goes out ahead of this chunk's bytes (or is dropped).
        head = Buffer.from(this.hdr.subarray(0, had));
        from = this.hdr;
        this.hdrLen = 0;
        start = 0;
        i += h.headerLength - had;
      }
      this.open = checkSequence(h, this.masked, this.open);
      if (h.opcode === Opcode.Close)
        return {
          head: from === chunk ? head : null,
          end: start,
          close: true,
          payloadBytes,
          activity,
        };
      this.left = h.payloadLength;
      this.data = h.opcode < 0x8;
      this.probe = null;
      if (!this.data || h.opcode === Opcode.Continuation) continue;
      const k = this.keepAlive;
      if (k && h.fin && h.payloadLength === k.length && k.length > 0) {
        this.probe = Buffer.alloc(k.length);
        this.probeLen = 0;
        this.mask = h.maskAt < 0 ? null : Buffer.from(from.subarray(h.maskAt, h.maskAt + 4));
      } else if (h.payloadLength === 0) {
        activity = true;
      }
    }
    return { head, end: n, close: false, payloadBytes, activity };
  }
}
