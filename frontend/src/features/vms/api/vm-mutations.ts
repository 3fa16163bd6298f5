import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { trackAccepted } from '@/lib/jobs/track-job';
import { isJobAccepted } from '@/lib/jobs/types';
import {
  vmKeys,
  type CreateSnapshotInput,
  type JobAccepted,
  type PowerAction,
  type UpdateVmInput,
  type VmDetail,
} from './types';

const vmPath = (id: string) => `/vms/${encodeURIComponent(id)}`;

function useJobMutation<V>(
  mutationFn: (vars: V) => Promise<JobAccepted>,
  vmId?: (vars: V) => string,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (answer, vars) => {
      trackAccepted(queryClient, answer);
      const id = vmId?.(vars);
      if (id) void queryClient.invalidateQueries({ queryKey: vmKeys.detail(id) });
    },
  });
}

export const controlVm = ({ id, action }: { id: string; action: PowerAction }) =>
  api.post<JobAccepted>(`${vmPath(id)}/control`, { action });
export const useControlVm = () => useJobMutation(controlVm, (v) => v.id);

export const deleteVm = ({ id, confirm, purge }: { id: string; confirm: string; purge: boolean }) =>
  api.delete<JobAccepted>(vmPath(id), { query: { confirm, purge: purge ? 1 : undefined } });
export const useDeleteVm = () => useJobMutation(deleteVm, (v) => v.id);

/** PUT /api/vms/:id answers a job when Proxmox works asynchronously, else the updated guest. */
export const updateVm = ({ id, input }: { id: string; input: UpdateVmInput }) =>
  api.put<JobAccepted | VmDetail>(vmPath(id), input);
export function useUpdateVm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateVm,
    onSuccess: (answer, { id }) => {
      trackAccepted(queryClient, answer);
      if (!isJobAccepted(answer)) queryClient.setQueryData(vmKeys.detail(id), answer);
      void queryClient.invalidateQueries({ queryKey: vmKeys.all });
    },
  });
}

export const createSnapshot = ({ id, input }: { id: string; input: CreateSnapshotInput }) =>
  api.post<JobAccepted>(`${vmPath(id)}/snapshots`, input);
export const useCreateSnapshot = () => useJobMutation(createSnapshot, (v) => v.id);

export const rollbackSnapshot = ({ id, name }: { id: string; name: string }) =>
  api.post<JobAccepted>(`${vmPath(id)}/snapshots/${encodeURIComponent(name)}/rollback`);
export const useRollbackSnapshot = () => useJobMutation(rollbackSnapshot, (v) => v.id);

export const deleteSnapshot = ({ id, name }: { id: string; name: string }) =>
  api.delete<JobAccepted>(`${vmPath(id)}/snapshots/${encodeURIComponent(name)}`);
export const useDeleteSnapshot = () => useJobMutation(deleteSnapshot, (v) => v.id);

/** `online` only matters for a running QEMU VM (live migration); containers restart instead. */
export const migrateVm = ({
  id,
  targetNode,
  online,
}: {
  id: string;
  targetNode: string;
  online?: boolean;
}) =>
  api.post<JobAccepted>(`${vmPath(id)}/migrate`, {
    targetNode,
    ...(online === undefined ? {} : { online }),
  });
export const useMigrateVm = () => useJobMutation(migrateVm, (v) => v.id);

/** Irreversible: a template can only be cloned afterwards. */
export const convertToTemplate = ({ id }: { id: string }) =>
  api.post<JobAccepted>(`${vmPath(id)}/template`);
export const useConvertToTemplate = () => useJobMutation(convertToTemplate, (v) => v.id);
