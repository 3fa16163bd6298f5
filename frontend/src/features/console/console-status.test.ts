import { ConsoleCloseCode } from '@multpanel/contracts/console';
import { describe, expect, it } from 'vitest';
import { consoleSocketUrl } from './api/open-console';
import { MAX_RECONNECTS, reconnectDelayMs, shouldReconnect } from './console-status';

describe('console reconnect policy', () => {
  it('reconnects after drops and relay failures, with growing delays', () => {
    expect(shouldReconnect(1006, 1, false)).toBe(true);
    expect(shouldReconnect(ConsoleCloseCode.UpstreamFailed, 2, false)).toBe(true);
    expect(shouldReconnect(ConsoleCloseCode.InvalidToken, 1, false)).toBe(true);
    expect([1, 2, 3, 4, 5].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('stops on refusals, inactivity, a normal end, a user close or too many attempts', () => {
    expect(shouldReconnect(ConsoleCloseCode.Forbidden, 1, false)).toBe(false);
    expect(shouldReconnect(ConsoleCloseCode.IdleTimeout, 1, false)).toBe(false);
    expect(shouldReconnect(ConsoleCloseCode.Normal, 1, false)).toBe(false);
    expect(shouldReconnect(1006, 1, true)).toBe(false);
    expect(shouldReconnect(1006, MAX_RECONNECTS + 1, false)).toBe(false);
  });

  it('builds the socket URL on the page origin', () => {
    expect(
      consoleSocketUrl('/api/vms/console?token=x', { protocol: 'https:', host: 'panel.example' }),
    ).toBe('wss://panel.example/api/vms/console?token=x');
    expect(
      consoleSocketUrl('/api/vms/console?token=x', { protocol: 'http:', host: '127.0.0.1:8080' }),
    ).toBe('ws://127.0.0.1:8080/api/vms/console?token=x');
  });
});
