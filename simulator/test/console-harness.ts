import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleService, type ConsoleGuest, type ConsoleServiceOptions } from '../src/console';

/**
 * An ephemeral HTTP server that routes `GET /<guestId>/vncwebsocket?port=&vncticket=` upgrades to a
 * ConsoleService, the way the simulator's router does after API authentication.
 */
export interface ConsoleHarness {
  service: ConsoleService;
  guests: Map<string, ConsoleGuest>;
  /** WebSocket URL for a guest id, port and ticket. */
  url(guestId: string, port: number, ticket: string): string;
  /** Shifts the service's clock (ms). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export const USER = 'root@pam';

export async function startConsoleHarness(
  opts: Partial<ConsoleServiceOptions> = {},
): Promise<ConsoleHarness> {
  let offset = 0;
  const guests = new Map<string, ConsoleGuest>();
  const service = new ConsoleService({
    host: '127.0.0.1',
    now: () => Date.now() + offset,
    ...opts,
  });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const guest = guests.get(url.pathname.split('/')[1]);
    if (!guest) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    service.handleUpgrade(req, socket, head, {
      guest,
      port: Number(url.searchParams.get('port')),
      vncticket: url.searchParams.get('vncticket') ?? '',
      // Stand-in for the API authentication the real router performs.
      user: (req.headers['x-test-user'] as string | undefined) ?? USER,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    service,
    guests,
    url: (guestId, p, ticket) =>
      `ws://127.0.0.1:${port}/${guestId}/vncwebsocket?port=${p}&vncticket=${encodeURIComponent(ticket)}`,
    advance: (ms) => (offset += ms),
    close: async () => {
      await service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
