import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '@/lib/use-live-event';
import { sshKeyKeys } from '../api/get-ssh-keys';

/** While the page is open, a node losing (or regaining) the active key refreshes the matrix at once. */
export function useSshKeyHealthLive(): void {
  const queryClient = useQueryClient();
  useLiveEvent('ssh.key-health', () => {
    void queryClient.invalidateQueries({ queryKey: sshKeyKeys.all });
  });
}
