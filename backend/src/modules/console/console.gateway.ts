import type { IncomingMessage } from 'node:http';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import { CONSOLE_WS_PATH } from '@multpanel/contracts';
import type { WebSocket } from 'ws';
import { ConsoleSessionService } from './console-session.service';

// WS /api/vms/console?token=<one-time console token>: binary RFB or termproxy bytes, relayed.
@WebSocketGateway({ path: CONSOLE_WS_PATH, perMessageDeflate: false })
export class ConsoleGateway implements OnGatewayConnection {
  constructor(private readonly sessions: ConsoleSessionService) {}

  handleConnection(ws: WebSocket, req: IncomingMessage): void {
    // Hold the browser's bytes in the socket until the upstream is ready: nothing may be dropped.
    ws.pause();
    void this.sessions.attach(ws, req);
  }
}
