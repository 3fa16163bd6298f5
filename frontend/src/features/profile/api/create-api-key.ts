import type { CreateApiKeyInput, CreatedApiKeyView } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** The plain `key` is in this answer only; the server keeps a hash. */
export const createApiKey = (input: CreateApiKeyInput): Promise<CreatedApiKeyView> =>
  api.post<CreatedApiKeyView>('/api-keys', input);

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.apiKeys }),
  });
}
