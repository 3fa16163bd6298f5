import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix?: string;
  permissions: string[];
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  lastUsedIp?: string | null;
  createdAt?: string;
}

export const listApiKeys = async (): Promise<ApiKeyInfo[]> => {
  const body = await api.get<ApiKeyInfo[] | { items: ApiKeyInfo[] }>('/api-keys');
  return Array.isArray(body) ? body : body.items;
};

export const apiKeysQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.apiKeys, queryFn: listApiKeys });

export const useApiKeys = () => useQuery(apiKeysQueryOptions());
