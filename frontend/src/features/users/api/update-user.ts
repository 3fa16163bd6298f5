import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { userKeys, type User, type UserInput } from './types';

export const updateUser = ({
  id,
  input,
}: {
  id: string;
  input: Partial<Pick<UserInput, 'name' | 'role'>>;
}) => api.patch<User>(`/users/${encodeURIComponent(id)}`, input);

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
