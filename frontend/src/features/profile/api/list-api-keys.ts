import type { ApiKeyView } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** The caller's active keys (never the secret). */
export const listApiKeys = (): Promise<ApiKeyView[]> => api.get<ApiKeyView[]>('/api-keys');

export const apiKeysQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.apiKeys, queryFn: listApiKeys });

export const useApiKeys = () => useQuery(apiKeysQueryOptions());
