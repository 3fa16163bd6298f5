import type WebSocket from 'ws';
import { rawToBuffer } from './ws-channel';
import { closeWebSocket, openWebSocket, type WsConnectOptions } from './ws-client';

export interface TermproxyConnectOptions extends WsConnectOptions {
  user: string;
  ticket: string;
}

/** Client side of the termproxy protocol (what xterm.js in the Proxmox GUI does), for tests. */
export class TermproxyClient {
  private text = '';
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.text += rawToBuffer(data).toString('utf8');
      this.notify();
    });
    ws.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  /** Opens the socket, sends `<user>:<ticket>\n` and waits for `OK`. */
  static async connect(url: string, opts: TermproxyConnectOptions): Promise<TermproxyClient> {
    let client!: TermproxyClient;
    const ws = await openWebSocket(url, opts, (socket) => (client = new TermproxyClient(socket)));
    ws.send(`${opts.user}:${opts.ticket}\n`);
    await client.waitFor((t) => t.startsWith('OK'), opts.timeoutMs ?? 5000);
    client.text = client.text.slice(2);
    return client;
  }

  /** Everything the server sent after `OK`. */
  get output(): string {
    return this.text;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  clearOutput(): void {
    this.text = '';
  }

  send(data: string): void {
    this.ws.send(`0:${Buffer.byteLength(data)}:${data}`);
  }

  resize(cols: number, rows: number): void {
    this.ws.send(`1:${cols}:${rows}:`);
  }

  ping(): void {
    this.ws.send('2');
  }

  /** Resolves with the output once it matches; rejects on timeout or close. */
  waitFor(match: string | RegExp | ((text: string) => boolean), timeoutMs = 5000): Promise<string> {
    const test =
      typeof match === 'function'
        ? match
        : typeof match === 'string'
          ? (t: string) => t.includes(match)
          : (t: string) => match.test(t);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (test(this.text)) return done(() => resolve(this.text));
        if (this.closed)
          return done(() =>
            reject(new Error(`closed before match; got ${JSON.stringify(this.text)}`)),
          );
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new Error(`timeout waiting for ${String(match)}; got ${JSON.stringify(this.text)}`),
            ),
          ),
        timeoutMs,
      );
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        fn();
      };
      this.waiters.push(check);
      check();
    });
  }

  close(): Promise<void> {
    return closeWebSocket(this.ws);
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
