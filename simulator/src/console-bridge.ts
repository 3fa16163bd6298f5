import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Shape of the console helper's `ConsoleService` (simulator/src/console); kept local so the core builds without it. */
export interface ConsoleGuest {
  node: string;
  vmid?: number;
  kind: 'qemu' | 'lxc' | 'node';
  name: string;
  status: string;
}

export interface ConsoleServiceLike {
  createVncTicket(
    guest: ConsoleGuest,
    user: string,
    opts: { generatePassword: boolean },
  ): { port: number; ticket: string; password?: string };
  createTermTicket(guest: ConsoleGuest, user: string): { port: number; ticket: string };
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    params: { guest: ConsoleGuest; port: number; vncticket: string; user: string },
  ): void;
  close(): Promise<void>;
}

type ConsoleCtor = new (opts: { host: string; qemuBinary?: string | false }) => ConsoleServiceLike;

/** Load the console module when it exists; the simulator runs without consoles otherwise. */
export function createConsoleService(host: string, useQemu = true): ConsoleServiceLike | undefined {
  let mod: { ConsoleService?: ConsoleCtor } | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('./console') as { ConsoleService?: ConsoleCtor };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    return undefined;
  }
  return mod.ConsoleService
    ? new mod.ConsoleService(useQemu ? { host } : { host, qemuBinary: false })
    : undefined;
}
