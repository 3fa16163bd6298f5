import type {
  AssignCustomRoleInput,
  CreateCustomRoleInput,
  CustomRoleView,
  UpdateCustomRoleInput,
} from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { roleKeys } from './list-roles';

export const createRole = (input: CreateCustomRoleInput) =>
  api.post<CustomRoleView>('/roles', input);

export const updateRole = ({ id, input }: { id: string; input: UpdateCustomRoleInput }) =>
  api.patch<CustomRoleView>(`/roles/${encodeURIComponent(id)}`, input);

export const deleteRole = (id: string) => api.delete(`/roles/${encodeURIComponent(id)}`);

export const assignRole = ({ userId, input }: { userId: string; input: AssignCustomRoleInput }) =>
  api.put<{ userId: string; customRoleId: string | null }>(
    `/users/${encodeURIComponent(userId)}/custom-role`,
    input,
  );

/** Every change refreshes the role list (holder counts included). */
function useRoleMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.all }),
  });
}

export const useCreateRole = () => useRoleMutation(createRole);
export const useUpdateRole = () => useRoleMutation(updateRole);
export const useDeleteRole = () => useRoleMutation(deleteRole);
export const useAssignRole = () => useRoleMutation(assignRole);
