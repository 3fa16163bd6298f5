import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { userKeys, type InviteUserInput, type User } from './types';

/** Creates the user without a password and emails them a set-password link. */
export const inviteUser = (input: InviteUserInput): Promise<User> =>
  api.post<User>('/users/invite', input);

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inviteUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
