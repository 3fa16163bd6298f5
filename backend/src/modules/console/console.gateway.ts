import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { CONSOLE_WS_PATH } from '@multpanel/contracts';
import type { WebSocketServer } from 'ws';
import { ConsoleSessionService } from './console-session.service';

// WS /api/vms/console?token=<one-time console token>: binary RFB or termproxy bytes, relayed.
// Nest's WsAdapter routes upgrades by path (and destroys those for paths without a gateway), so
// the path stays registered here; the upgrade itself is taken over raw by the session service,
// which pipes frames unchanged instead of decoding them with `ws`.
@WebSocketGateway({ path: CONSOLE_WS_PATH, perMessageDeflate: false })
export class ConsoleGateway implements OnGatewayInit<WebSocketServer> {
  constructor(private readonly sessions: ConsoleSessionService) {}

  afterInit(server: WebSocketServer): void {
    server.handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.sessions.attach(req, socket, head);
    };
  }
}
