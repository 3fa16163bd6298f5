import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { userKeys, type User } from './types';

export const getUser = (id: string): Promise<User> =>
  api.get<User>(`/users/${encodeURIComponent(id)}`);

export const userQueryOptions = (id: string) =>
  queryOptions({ queryKey: userKeys.detail(id), queryFn: () => getUser(id) });

export const useUser = (id: string) => useQuery(userQueryOptions(id));
