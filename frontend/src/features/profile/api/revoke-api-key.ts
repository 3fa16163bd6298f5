import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

export const revokeApiKey = (id: string): Promise<void> =>
  api.delete(`/api-keys/${encodeURIComponent(id)}`);

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.apiKeys }),
  });
}
