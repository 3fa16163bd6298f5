import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateMaintenanceWindowInput, MaintenanceWindowDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { alertKeys } from './types';

const windowsKey = () => [...alertKeys.all, 'maintenance-windows'] as const;

/** Windows not yet over (soonest first), then the last 100 past ones. */
export const useMaintenanceWindows = () =>
  useQuery({
    queryKey: windowsKey(),
    queryFn: () => api.get<MaintenanceWindowDto[]>('/maintenance-windows'),
  });

export function useCreateMaintenanceWindow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMaintenanceWindowInput) =>
      api.post<MaintenanceWindowDto>('/maintenance-windows', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: windowsKey() }),
  });
}

export function useDeleteMaintenanceWindow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/maintenance-windows/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: windowsKey() }),
  });
}
