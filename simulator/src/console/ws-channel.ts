import type { RawData, WebSocket } from 'ws';
import type { ByteChannel } from './console.types';

export function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Adapts a server-side WebSocket to a ByteChannel (binary frames out, any frames in). */
export function wsChannel(ws: WebSocket): ByteChannel {
  return {
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    close: () => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
    },
    onData: (listener) => ws.on('message', (data) => listener(rawToBuffer(data))),
    onClose: (listener) => ws.on('close', listener),
  };
}
