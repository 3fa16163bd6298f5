import type {
  SshBulkPushInput,
  SshJobStarted,
  SshNodeHealthView,
  SshNodeResult,
  SshNodeTargetInput,
  SshPushInput,
} from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sshKeyKeys } from './get-ssh-keys';

const path = (clusterId: string, rest: string) =>
  `/clusters/${encodeURIComponent(clusterId)}/${rest}`;

export const pushSshKey = ({ clusterId, input }: { clusterId: string; input: SshPushInput }) =>
  api.post<SshNodeResult[]>(path(clusterId, 'ssh/push'), input);

export const testSsh = (clusterId: string) =>
  api.post<SshNodeResult[]>(path(clusterId, 'ssh/test'), {});

export const rotateSshKey = () => api.post<SshJobStarted>('/ssh-keys/rotate', {});

export const bulkPushSshKeys = (input: SshBulkPushInput) =>
  api.post<SshJobStarted>('/bulk-clusters/push-ssh-keys', input);

/** Every mutation refreshes the health matrix it changes. */
function useSshMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sshKeyKeys.all }),
  });
}

export const usePushSshKey = () => useSshMutation(pushSshKey);
export const useTestSsh = () => useSshMutation(testSsh);
export const useRotateSshKey = () => useSshMutation(rotateSshKey);
export const useBulkPushSshKeys = () => useSshMutation(bulkPushSshKeys);

export const setNodeTarget = ({
  clusterId,
  node,
  input,
}: {
  clusterId: string;
  node: string;
  input: SshNodeTargetInput;
}) => api.put<SshNodeHealthView>(path(clusterId, `nodes/${encodeURIComponent(node)}/ssh`), input);

export const useSetNodeTarget = () => useSshMutation(setNodeTarget);
