import type { SetupStatus } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const getSetupStatus = (): Promise<SetupStatus> =>
  api.get<SetupStatus>('/setup/status', { auth: false });

export const setupStatusQueryOptions = () =>
  queryOptions({ queryKey: ['setup', 'status'], queryFn: getSetupStatus, staleTime: 60_000 });

export const useSetupStatus = () => useQuery(setupStatusQueryOptions());
