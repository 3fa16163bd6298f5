import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { setupStatusQueryOptions } from './get-setup-status';

export interface SetupInput {
  name: string;
  email: string;
  password: string;
}

export const runSetup = (input: SetupInput): Promise<unknown> =>
  api.post<unknown>('/setup', input, { auth: false });

export function useRunSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSetup,
    onSuccess: () =>
      queryClient.setQueryData(setupStatusQueryOptions().queryKey, { needsSetup: false }),
  });
}
