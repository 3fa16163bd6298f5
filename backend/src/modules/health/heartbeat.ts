// Shared by the worker (writer) and the health check (reader).
export const HEARTBEAT_KEY = ['worker', 'heartbeat'] as const;
export const HEARTBEAT_INTERVAL_MS = 5000;
export const HEARTBEAT_TTL_SECONDS = 20;
