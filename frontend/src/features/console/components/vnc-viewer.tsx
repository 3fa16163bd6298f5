import RFB from '@novnc/novnc';
import Box from '@mui/material/Box';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { KEYSYMS, type Modifiers, type SpecialKey } from '../special-keys';

export interface ViewerHandle {
  sendCtrlAltDel(): void;
  /** One special key (press and release) from the on-screen bar. */
  sendKey(key: SpecialKey): void;
  /** The latched Ctrl/Alt of the on-screen bar (VNC holds them down; the terminal applies them). */
  setModifiers(mods: Modifiers): void;
  paste(text: string): void;
  focus(): void;
}

/**
 * noVNC on a WebSocket the page opened itself (so the page sees the close code and reason). The
 * relay already authenticated with Proxmox and offers "no authentication", so no password exists
 * in the browser.
 */
export function VncViewer({
  socket,
  fit,
  onConnected,
  ref,
}: {
  socket: WebSocket;
  fit: boolean;
  onConnected: () => void;
  ref?: Ref<ViewerHandle>;
}) {
  const container = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | null>(null);
  const held = useRef<Modifiers>({ ctrl: false, alt: false });
  const connected = useRef(onConnected);
  connected.current = onConnected;

  useEffect(() => {
    if (!container.current) return;
    const client = new RFB(container.current, socket, { shared: true });
    client.background = '#111';
    client.scaleViewport = fit;
    client.addEventListener('connect', () => {
      connected.current();
      client.focus();
    });
    rfb.current = client;
    return () => {
      rfb.current = null;
      // Leaving the page ends the session; after a remote close noVNC is already disconnected.
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
        client.disconnect();
    };
    // `fit` is applied by the effect below without reconnecting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket]);

  useEffect(() => {
    if (rfb.current) rfb.current.scaleViewport = fit;
  }, [fit]);

  useImperativeHandle(ref, () => ({
    sendCtrlAltDel: () => rfb.current?.sendCtrlAltDel(),
    sendKey: (key) => rfb.current?.sendKey(KEYSYMS[key].keysym, KEYSYMS[key].code),
    setModifiers: (mods) => {
      const client = rfb.current;
      if (!client) return;
      if (mods.ctrl !== held.current.ctrl)
        client.sendKey(KEYSYMS.Control.keysym, KEYSYMS.Control.code, mods.ctrl);
      if (mods.alt !== held.current.alt)
        client.sendKey(KEYSYMS.Alt.keysym, KEYSYMS.Alt.code, mods.alt);
      held.current = mods;
    },
    paste: (text) => rfb.current?.clipboardPasteFrom(text),
    focus: () => rfb.current?.focus(),
  }));

  return (
    <Box
      ref={container}
      data-testid="vnc-screen"
      sx={{ width: '100%', height: '100%', overflow: 'auto', bgcolor: '#111' }}
    />
  );
}
