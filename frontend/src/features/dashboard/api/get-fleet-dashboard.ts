import type { StaffDashboard } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { dashboardKeys } from './keys';

export const getFleetDashboard = () => api.get<StaffDashboard>('/dashboard/fleet');

export const useFleetDashboard = (enabled: boolean) =>
  useQuery({
    queryKey: dashboardKeys.fleet(),
    queryFn: getFleetDashboard,
    enabled,
    refetchInterval: 60_000,
  });
