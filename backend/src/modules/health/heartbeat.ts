// Shared by the workers (writers) and the health check (reader). Each worker process has its own
// key with a TTL, so a dead worker disappears on its own; the index set lets the reader find them
// without scanning Redis.
export const HEARTBEAT_INDEX = ['worker', 'heartbeats'] as const;
export const heartbeatKey = (workerId: string) => ['worker', 'heartbeat', workerId] as const;
export const HEARTBEAT_INTERVAL_MS = 5000;
export const HEARTBEAT_TTL_SECONDS = 20;
