import type { TlsCertificateView } from './certificates';
import type { ClusterHealthEvent } from './clusters';
import type { JobDto } from './jobs-api';
import type { SshKeyHealthEvent } from './ssh-keys';
import type { UpdateEventPayload } from './system-update';

// GET /api/events (WebSocket, `?token=<accessToken>`): every message is JSON `{ type, payload }`,
// filtered by the caller's scope. The payload type of each message type:
export interface LiveEventPayloads {
  /** Sent once after the token was accepted. */
  hello: { userId: string };
  'job.updated': JobDto;
  'cluster.health': ClusterHealthEvent;
  'ssh.key-health': SshKeyHealthEvent;
  'system.update': UpdateEventPayload;
  'system.certificate': TlsCertificateView;
}
export type LiveEventType = keyof LiveEventPayloads;
export interface LiveMessage<T extends LiveEventType = LiveEventType> {
  type: T;
  payload: LiveEventPayloads[T];
}

/** Close code of /api/events when the token is missing, expired or revoked. */
export const LIVE_EVENTS_CLOSE_UNAUTHORIZED = 4401;
