import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { userKeys, type User } from './types';

/** Disabling ends the user's sessions and blocks sign-in; enabling restores it. */
export const setUserStatus = ({ id, enabled }: { id: string; enabled: boolean }) =>
  api.post<User>(`/users/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`);

export function useSetUserStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
