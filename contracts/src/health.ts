export type CheckStatus = 'up' | 'down';

export interface DependencyCheck {
  status: CheckStatus;
  latencyMs?: number;
  error?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  checks: {
    database: DependencyCheck;
    redis: DependencyCheck;
    /** `alive`: worker processes whose heartbeat is fresh (absent while Redis is unreachable). */
    worker: { status: 'up' | 'down' | 'unknown'; lastHeartbeatAt?: string; alive?: number };
  };
}
