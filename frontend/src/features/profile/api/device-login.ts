import type { DeviceRequestView } from '@multpanel/contracts/device-login';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

const path = (userCode: string) => `/auth/device/requests/${encodeURIComponent(userCode)}`;

export const deviceRequestKeys = {
  of: (userCode: string) => ['auth', 'device-request', userCode] as const,
};

/** GET /auth/device/requests/:userCode: the CLI sign-in a code names (404 when unknown or expired). */
export const deviceRequestQueryOptions = (userCode: string) =>
  queryOptions({
    queryKey: deviceRequestKeys.of(userCode),
    queryFn: () => api.get<DeviceRequestView>(path(userCode)),
    // A wrong code counts against the person's guesses: never retried, never refetched on focus.
    retry: false,
    refetchOnWindowFocus: false,
  });

export const useDeviceRequest = (userCode: string | null) =>
  useQuery({ ...deviceRequestQueryOptions(userCode ?? ''), enabled: !!userCode });

/** POST …/approve (the CLI receives an API key with the caller's permissions) or …/deny. */
export function useDecideDeviceRequest(userCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: 'approve' | 'deny') => api.post<void>(`${path(userCode)}/${decision}`),
    onSuccess: (_, decision) =>
      queryClient.setQueryData<DeviceRequestView>(deviceRequestKeys.of(userCode), (old) =>
        old ? { ...old, status: decision === 'approve' ? 'approved' : 'denied' } : old,
      ),
  });
}
