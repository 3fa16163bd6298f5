import type { HealthResponse } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { appConfig } from '@/config/app-config';
import { api } from '@/lib/api-client';

export type Health = HealthResponse;
/** Any one check of the answer (a dependency, or the workers). */
export type HealthCheck = HealthResponse['checks'][keyof HealthResponse['checks']];

// A degraded platform answers 503 with the same body; that is data to show, not a failure.
export const getHealth = (): Promise<Health> => api.get<Health>('/health', { acceptStatus: [503] });

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: getHealth,
    refetchInterval: appConfig.healthRefetchMs,
  });

export const useHealth = () => useQuery(healthQueryOptions());
