import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlatformSettings } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

const key = ['platform-settings'] as const;

export const getPlatformSettings = (): Promise<PlatformSettings> =>
  api.get<PlatformSettings>('/platform/settings');

export const updatePlatformSettings = (input: PlatformSettings): Promise<PlatformSettings> =>
  api.put<PlatformSettings>('/platform/settings', input);

export const platformSettingsQueryOptions = () =>
  queryOptions({ queryKey: key, queryFn: getPlatformSettings });

export const usePlatformSettings = (enabled = true) =>
  useQuery({ ...platformSettingsQueryOptions(), enabled });

export function useUpdatePlatformSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePlatformSettings,
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
}
