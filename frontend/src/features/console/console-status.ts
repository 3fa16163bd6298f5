import { ConsoleCloseCode, consoleCloseIsFinal } from '@multpanel/contracts/console';

export type ConsoleStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; reason: string }
  | { state: 'closed'; reason: string };

export const MAX_RECONNECTS = 5;

/** Wait before reconnect attempt `n` (1-based): 1 s, 2 s, 4 s, 8 s, 8 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(8000, 1000 * 2 ** (attempt - 1));
}

/**
 * Whether to reconnect on our own after the socket closed. Not after a deliberate end (the user
 * left, Proxmox ended the session, e.g. `exit` in a shell), a refusal (no right, other address),
 * inactivity, or too many failed attempts; yes after network drops and relay/Proxmox hiccups.
 */
export function shouldReconnect(code: number, attempt: number, userClosed: boolean): boolean {
  if (userClosed || attempt > MAX_RECONNECTS) return false;
  if (code === ConsoleCloseCode.Normal) return false;
  return !consoleCloseIsFinal(code);
}
