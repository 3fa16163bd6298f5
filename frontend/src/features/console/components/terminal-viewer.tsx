import { termproxyFrame } from '@multpanel/contracts/console';
import Box from '@mui/material/Box';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { applyTerminalModifiers, terminalSequence, type Modifiers } from '../special-keys';
import type { ViewerHandle } from './vnc-viewer';

const PING_MS = 30_000;

/**
 * xterm.js over the relay. The relay did the termproxy login; the browser speaks the framing
 * (`0:len:data` input, `1:cols:rows:` resize, `2` keep-alive) and receives plain terminal bytes.
 */
export function TerminalViewer({
  socket,
  onConnected,
  onModifiersUsed,
  ref,
}: {
  socket: WebSocket;
  onConnected: () => void;
  /** Called when a typed character used the latched Ctrl/Alt (the bar then releases them). */
  onModifiersUsed?: () => void;
  ref?: Ref<ViewerHandle>;
}) {
  const container = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const connected = useRef(onConnected);
  connected.current = onConnected;
  const mods = useRef<Modifiers>({ ctrl: false, alt: false });
  const modsUsed = useRef(onModifiersUsed);
  modsUsed.current = onModifiersUsed;
  const sendData = useRef<(data: string) => void>(() => undefined);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const terminal = new Terminal({
      cursorBlink: true,
      fontSize: 14,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      theme: { background: '#111111' },
      scrollback: 5000,
    });
    const fitAddon = new FitAddon();
    terminal.loadAddon(fitAddon);
    terminal.open(el);
    term.current = terminal;
    socket.binaryType = 'arraybuffer';

    const send = (frame: string) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    };
    const fit = () => {
      try {
        fitAddon.fit();
      } catch {
        /* not laid out yet */
      }
    };
    let announced = false;
    const onOpen = () => {
      fit();
      send(termproxyFrame.resize(terminal.cols, terminal.rows));
    };
    const onMessage = (event: MessageEvent) => {
      if (!announced) {
        announced = true;
        connected.current();
      }
      terminal.write(
        typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer),
      );
    };
    if (socket.readyState === WebSocket.OPEN) onOpen();
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    sendData.current = (data) => send(termproxyFrame.data(data));
    const input = terminal.onData((data) => {
      if (mods.current.ctrl || mods.current.alt) {
        send(termproxyFrame.data(applyTerminalModifiers(data, mods.current)));
        mods.current = { ctrl: false, alt: false };
        modsUsed.current?.();
      } else send(termproxyFrame.data(data));
    });
    const resized = terminal.onResize(({ cols, rows }) => send(termproxyFrame.resize(cols, rows)));
    const observer = new ResizeObserver(() => fit());
    observer.observe(el);
    const ping = setInterval(() => send(termproxyFrame.ping), PING_MS);
    fit();
    terminal.focus();

    return () => {
      clearInterval(ping);
      observer.disconnect();
      input.dispose();
      resized.dispose();
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
        socket.close(1000);
      term.current = null;
      terminal.dispose();
    };
  }, [socket]);

  useImperativeHandle(ref, () => ({
    sendCtrlAltDel: () => undefined,
    sendKey: (key) => sendData.current(terminalSequence(key, mods.current)),
    setModifiers: (next) => {
      mods.current = next;
    },
    paste: (text) => term.current?.paste(text),
    focus: () => term.current?.focus(),
  }));

  return (
    <Box
      ref={container}
      data-testid="terminal-screen"
      sx={{ width: '100%', height: '100%', bgcolor: '#111', p: 0.5, boxSizing: 'border-box' }}
    />
  );
}
