import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { monitoringKeys, type FleetOverview } from './types';

export const getFleet = (): Promise<FleetOverview> => api.get<FleetOverview>('/monitoring/fleet');

export const useFleet = () =>
  useQuery({ queryKey: monitoringKeys.fleet(), queryFn: getFleet, refetchInterval: 60_000 });
