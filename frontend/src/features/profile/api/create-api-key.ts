import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';
import type { ApiKeyInfo } from './list-api-keys';

export interface CreateApiKeyInput {
  name: string;
  permissions: string[];
  expiresAt?: string;
}

/** The plain key is in this answer only; the server keeps a hash. */
export type CreatedApiKey = {
  key?: string;
  token?: string;
  apiKey?: ApiKeyInfo;
} & Partial<ApiKeyInfo>;

export const createApiKey = (input: CreateApiKeyInput): Promise<CreatedApiKey> =>
  api.post<CreatedApiKey>('/api-keys', input);

export const plainKeyOf = (created: CreatedApiKey): string => created.key ?? created.token ?? '';

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.apiKeys }),
  });
}
