import { queryOptions, useQuery } from '@tanstack/react-query';
import { appConfig } from '@/config/app-config';
import { api } from '@/lib/api-client';

export interface HealthCheck {
  status: string;
  latencyMs?: number;
  error?: string;
  lastHeartbeatAt?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  checks: Record<string, HealthCheck>;
}

// A degraded platform answers 503 with the same body; that is data to show, not a failure.
export const getHealth = (): Promise<Health> => api.get<Health>('/health', { acceptStatus: [503] });

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: getHealth,
    refetchInterval: appConfig.healthRefetchMs,
  });

export const useHealth = () => useQuery(healthQueryOptions());
