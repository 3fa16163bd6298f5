import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { rawToBuffer } from './ws-channel';

/** Above this many queued bytes towards the browser, stop reading from the VNC server. */
const HIGH_WATER = 1 << 20;

/**
 * Pipes a WebSocket and a TCP/unix socket into each other with back-pressure both ways, closing
 * each side when the other ends. `onServerBytes` sees every byte count coming from the socket.
 */
export function relayWebSocket(
  ws: WebSocket,
  socket: Socket,
  onServerBytes?: (n: number) => void,
): void {
  let paused = false;
  socket.on('data', (data: Buffer) => {
    onServerBytes?.(data.length);
    if (ws.readyState !== ws.OPEN) return;
    ws.send(data, { binary: true }, () => {
      if (paused && ws.bufferedAmount < HIGH_WATER / 2) {
        paused = false;
        socket.resume();
      }
    });
    if (!paused && ws.bufferedAmount > HIGH_WATER) {
      paused = true;
      socket.pause();
    }
  });
  ws.on('message', (data) => {
    if (!socket.write(rawToBuffer(data))) {
      ws.pause();
      socket.once('drain', () => ws.resume());
    }
  });
  const end = () => {
    socket.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
  };
  socket.on('close', end);
  socket.on('error', end);
  ws.on('close', end);
  ws.on('error', end);
  ws.resume();
}
