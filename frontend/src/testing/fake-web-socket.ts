/**
 * Stands in for the browser WebSocket: opens on the next microtask, lets a test push server
 * messages or end the connection from the server side. `close()` fires `onclose` asynchronously,
 * as a real socket does.
 */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  /** While true, new sockets fail to connect (closed with 1006), as when the API is down. */
  static refuseConnections = false;
  static readonly OPEN = 1;
  readonly url: string;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
    const refused = FakeWebSocket.refuseConnections;
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      if (refused) return this.serverClose(1006);
      this.readyState = 1;
      this.onopen?.();
    });
  }

  /** Sockets not closed yet (connecting or open). */
  static live(): FakeWebSocket[] {
    return FakeWebSocket.instances.filter((s) => s.readyState < 2);
  }

  /** Delivers `{ type, payload }` to every open fake socket. */
  static broadcast(type: string, payload: unknown): void {
    for (const s of FakeWebSocket.instances) if (s.readyState === 1) s.push(type, payload);
  }

  push(type: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type, payload }) });
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueMicrotask(() => {
      this.readyState = 3;
      this.onclose?.({ code });
    });
  }

  /** The server ends the connection: 1006 for a restart, 4401 for a token it no longer accepts. */
  serverClose(code = 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}
