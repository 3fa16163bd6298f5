import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ByteChannel, ConsoleGuest } from './console.types';
import { GuestScreen } from './guest-screen';
import {
  DEFAULT_PIXEL_FORMAT,
  decodePixelFormat,
  encodePixelFormat,
  isSupportedPixelFormat,
  type PixelFormat,
} from './pixel-format';
import type { Rect } from './framebuffer';
import { vncAuthResponse } from './vnc-des';

const SECURITY_VNC_AUTH = 2;
const KEY_CONTROL = [0xffe3, 0xffe4];
const KEY_ALT = [0xffe9, 0xffea, 0xffe7, 0xffe8];
const KEY_DELETE = [0xffff, 0xff9f];
/** Client cut text above this is treated as a protocol abuse. */
const MAX_CUT_TEXT = 1 << 20;
/** A viewer that has not finished the handshake by then is dropped. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

type State = 'version' | 'security' | 'auth' | 'init' | 'normal' | 'closed';

/**
 * A small RFB 3.3/3.7/3.8 server: VNC authentication, one Raw-encoded framebuffer drawn by
 * GuestScreen, and tolerant handling of key, pointer and clipboard input.
 */
export class BuiltinRfbSession {
  private state: State = 'version';
  private buf: Buffer = Buffer.alloc(0);
  private minor = 8;
  private readonly challenge = randomBytes(16);
  private readonly screen: GuestScreen;
  private pf: PixelFormat = DEFAULT_PIXEL_FORMAT;
  private pending: Rect | null = null;
  private readonly held = new Set<number>();
  private readonly ticker: NodeJS.Timeout;
  private readonly handshakeTimer: NodeJS.Timeout;

  constructor(
    private readonly channel: ByteChannel,
    private readonly password: string,
    private readonly guest: ConsoleGuest,
  ) {
    this.screen = new GuestScreen(guest);
    this.screen.fb.takeDirty();
    channel.onData((data) => this.receive(data));
    channel.onClose(() => this.dispose());
    this.ticker = setInterval(() => {
      this.screen.tick();
      this.flushPending();
    }, 1000);
    this.ticker.unref();
    this.handshakeTimer = setTimeout(
      () => this.state !== 'normal' && this.fail(),
      HANDSHAKE_TIMEOUT_MS,
    );
    this.handshakeTimer.unref();
    channel.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  private receive(data: Buffer): void {
    if (this.state === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    try {
      while ((this.state as State) !== 'closed' && this.step()) {
        /* keep parsing complete messages */
      }
    } catch {
      this.fail();
    }
  }

  /** Consumes one complete unit of input; false when more bytes are needed. */
  private step(): boolean {
    switch (this.state) {
      case 'version':
        return this.readVersion();
      case 'security':
        return this.readSecurityType();
      case 'auth':
        return this.readAuthResponse();
      case 'init':
        return this.readClientInit();
      case 'normal':
        return this.readMessage();
      case 'closed':
        return false;
    }
  }

  private take(n: number): Buffer | null {
    if (this.buf.length < n) return null;
    const chunk = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return chunk;
  }

  private readVersion(): boolean {
    const raw = this.take(12);
    if (!raw) return false;
    const m = /^RFB 003\.(\d{3})\n$/.exec(raw.toString('latin1'));
    if (!m) return this.fail();
    const minor = Number(m[1]);
    this.minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
    if (this.minor === 3) {
      const type = Buffer.alloc(4);
      type.writeUInt32BE(SECURITY_VNC_AUTH);
      this.channel.send(Buffer.concat([type, this.challenge]));
      this.state = 'auth';
    } else {
      this.channel.send(Buffer.from([1, SECURITY_VNC_AUTH]));
      this.state = 'security';
    }
    return true;
  }

  private readSecurityType(): boolean {
    const raw = this.take(1);
    if (!raw) return false;
    if (raw[0] !== SECURITY_VNC_AUTH) {
      this.sendSecurityFailure('Unsupported security type');
      return false;
    }
    this.channel.send(this.challenge);
    this.state = 'auth';
    return true;
  }

  private readAuthResponse(): boolean {
    const response = this.take(16);
    if (!response) return false;
    const expected = vncAuthResponse(this.password, this.challenge);
    if (!timingSafeEqual(expected, response)) {
      this.sendSecurityFailure('Authentication failed');
      return false;
    }
    this.channel.send(Buffer.from([0, 0, 0, 0]));
    this.state = 'init';
    return true;
  }

  private sendSecurityFailure(reason: string): void {
    const head = Buffer.from([0, 0, 0, 1]);
    if (this.minor >= 8) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(Buffer.byteLength(reason));
      this.channel.send(Buffer.concat([head, len, Buffer.from(reason)]));
    } else this.channel.send(head);
    this.fail();
  }

  private readClientInit(): boolean {
    if (!this.take(1)) return false;
    const name = Buffer.from(this.screenName(), 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt16BE(this.screen.fb.width, 0);
    head.writeUInt16BE(this.screen.fb.height, 2);
    const nameLen = Buffer.alloc(4);
    nameLen.writeUInt32BE(name.length);
    this.channel.send(Buffer.concat([head, encodePixelFormat(this.pf), nameLen, name]));
    this.state = 'normal';
    return true;
  }

  private screenName(): string {
    const g = this.guest;
    // Same as QEMU's ServerInit name for a VM started with `-name <name>`.
    if (g.kind === 'qemu') return `QEMU (${g.name || g.vmid})`;
    return g.kind === 'node' ? g.node : `${g.name || 'CT'} (${g.vmid})`;
  }

  private readMessage(): boolean {
    if (this.buf.length < 1) return false;
    switch (this.buf[0]) {
      case 0: {
        const msg = this.take(20);
        if (!msg) return false;
        const pf = decodePixelFormat(msg, 4);
        if (!isSupportedPixelFormat(pf)) return this.fail();
        this.pf = pf;
        return true;
      }
      case 2: {
        if (this.buf.length < 4) return false;
        const count = this.buf.readUInt16BE(2);
        return this.take(4 + 4 * count) !== null;
      }
      case 3: {
        const msg = this.take(10);
        if (!msg) return false;
        const rect = {
          x: msg.readUInt16BE(2),
          y: msg.readUInt16BE(4),
          w: msg.readUInt16BE(6),
          h: msg.readUInt16BE(8),
        };
        this.onUpdateRequest(msg[1] !== 0, rect);
        return true;
      }
      case 4: {
        const msg = this.take(8);
        if (!msg) return false;
        this.onKey(msg[1] !== 0, msg.readUInt32BE(4));
        return true;
      }
      case 5: {
        const msg = this.take(6);
        if (!msg) return false;
        this.screen.showPointer(msg.readUInt16BE(2), msg.readUInt16BE(4), msg[1]);
        this.flushPending();
        return true;
      }
      case 6: {
        if (this.buf.length < 8) return false;
        const len = this.buf.readUInt32BE(4);
        if (len > MAX_CUT_TEXT) return this.fail();
        const msg = this.take(8 + len);
        if (!msg) return false;
        const text = msg.subarray(8).toString('latin1').replace(/\s+/g, ' ');
        this.screen.showMessage(`Clipboard: ${text}`);
        this.flushPending();
        return true;
      }
      default:
        return this.fail();
    }
  }

  private onKey(down: boolean, keysym: number): void {
    if (down) this.held.add(keysym);
    else this.held.delete(keysym);
    const ctrl = KEY_CONTROL.some((k) => this.held.has(k));
    const alt = KEY_ALT.some((k) => this.held.has(k));
    if (down && ctrl && alt && KEY_DELETE.includes(keysym)) {
      this.screen.showMessage('Ctrl+Alt+Del received - reboot requested');
    }
    this.screen.showKey(keysym, down);
    this.flushPending();
  }

  private onUpdateRequest(incremental: boolean, requested: Rect): void {
    const fb = this.screen.fb;
    if (!incremental) {
      this.sendRect(fb.clip(requested));
      return;
    }
    this.pending = requested;
    this.flushPending();
  }

  /** Answers a waiting incremental request once something on screen changed. */
  private flushPending(): void {
    if (!this.pending || this.state !== 'normal') return;
    const dirty = this.screen.fb.takeDirty();
    if (!dirty) return;
    const req = this.pending;
    const x1 = Math.max(dirty.x, req.x);
    const y1 = Math.max(dirty.y, req.y);
    const x2 = Math.min(dirty.x + dirty.w, req.x + req.w);
    const y2 = Math.min(dirty.y + dirty.h, req.y + req.h);
    if (x2 <= x1 || y2 <= y1) return;
    this.pending = null;
    this.sendRect({ x: x1, y: y1, w: x2 - x1, h: y2 - y1 });
  }

  private sendRect(rect: Rect | null): void {
    const head = Buffer.alloc(4);
    head[0] = 0;
    head.writeUInt16BE(rect ? 1 : 0, 2);
    if (!rect) {
      this.channel.send(head);
      return;
    }
    const rh = Buffer.alloc(12);
    rh.writeUInt16BE(rect.x, 0);
    rh.writeUInt16BE(rect.y, 2);
    rh.writeUInt16BE(rect.w, 4);
    rh.writeUInt16BE(rect.h, 6);
    rh.writeInt32BE(0, 8);
    this.channel.send(Buffer.concat([head, rh, this.screen.fb.encode(rect, this.pf)]));
  }

  private fail(): false {
    if (this.state !== 'closed') {
      this.dispose();
      this.channel.close();
    }
    return false;
  }

  private dispose(): void {
    this.state = 'closed';
    clearInterval(this.ticker);
    clearTimeout(this.handshakeTimer);
  }
}
