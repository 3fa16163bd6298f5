import type { SetupInput, SetupResult } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { setupStatusQueryOptions } from './get-setup-status';

export const runSetup = (input: SetupInput): Promise<SetupResult> =>
  api.post<SetupResult>('/setup', input, { auth: false });

export function useRunSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSetup,
    onSuccess: () =>
      queryClient.setQueryData(setupStatusQueryOptions().queryKey, { needsSetup: false }),
  });
}
