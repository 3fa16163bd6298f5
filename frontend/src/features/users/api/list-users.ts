import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { userKeys, type User, type UserListQuery } from './types';

export type ListUsersParams = UserListQuery;

export const listUsers = (params: ListUsersParams): Promise<Paged<User>> =>
  api.get<Paged<User>>('/users', { query: { ...params } });

export const listUsersQueryOptions = (params: ListUsersParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: () => listUsers(params),
    placeholderData: keepPreviousData,
  });

export const useUsers = (params: ListUsersParams) => useQuery(listUsersQueryOptions(params));
