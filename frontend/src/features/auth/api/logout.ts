import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';

export const logout = (): Promise<void> => api.post<void>('/auth/logout');

/** Ends the session on the server, then forgets everything cached for this user. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Even when the server call fails, the local session must end.
      sessionStore.clear('logged_out');
      queryClient.clear();
    },
  });
}
