import type { CustomRoleView } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const roleKeys = {
  all: ['custom-roles'] as const,
  list: () => ['custom-roles', 'list'] as const,
};

/** The platform's custom roles and those of the caller's companies. */
export const listRoles = (): Promise<CustomRoleView[]> => api.get<CustomRoleView[]>('/roles');

export const rolesQueryOptions = () =>
  queryOptions({ queryKey: roleKeys.list(), queryFn: listRoles });

export const useRoles = () => useQuery(rolesQueryOptions());
