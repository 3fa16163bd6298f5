export interface ConsoleGuest {
  node: string;
  vmid?: number;
  kind: 'qemu' | 'lxc' | 'node';
  name: string;
  status: string;
}

/** Minimal byte pipe the RFB and termproxy sessions speak over (a WebSocket or a TCP socket). */
export interface ByteChannel {
  send(data: Buffer): void;
  close(): void;
  onData(listener: (data: Buffer) => void): void;
  onClose(listener: () => void): void;
}
