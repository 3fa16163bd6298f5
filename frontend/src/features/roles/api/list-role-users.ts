import type { UserView } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

/** Users of the caller's companies matching `search`, for the assignment picker. */
export const listRoleUsers = (search: string): Promise<UserView[]> =>
  api
    .get<Paged<UserView>>('/users', {
      query: { page: 1, pageSize: 20, search: search || undefined },
    })
    .then((p) => p.items);

export const useRoleUsers = (search: string, enabled: boolean) =>
  useQuery({
    queryKey: ['custom-roles', 'users', search] as const,
    queryFn: () => listRoleUsers(search),
    enabled,
  });
