import { SSH_KEY_HEALTH_EVENT } from '@multpanel/contracts/ssh-keys';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { connectLiveEvents } from '@/features/jobs/live/events-socket';
import { sshKeyKeys } from '../api/get-ssh-keys';

/** While the page is open, a node losing (or regaining) the active key refreshes the matrix at once. */
export function useSshKeyHealthLive(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      connectLiveEvents((message) => {
        if (message.type === SSH_KEY_HEALTH_EVENT) {
          void queryClient.invalidateQueries({ queryKey: sshKeyKeys.all });
        }
      }),
    [queryClient],
  );
}
