/** Stands in for the browser WebSocket: opens on the next tick, lets a test push server messages. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
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
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }

  /** Delivers `{ type, payload }` to every open fake socket (the shell may hold its own). */
  static broadcast(type: string, payload: unknown): void {
    for (const s of FakeWebSocket.instances) if (s.readyState === 1) s.push(type, payload);
  }

  push(type: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type, payload }) });
  }

  close(): void {
    this.readyState = 3;
  }
}
