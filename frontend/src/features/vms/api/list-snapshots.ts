import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { vmKeys, type Snapshot } from './types';

/** Proxmox lists a pseudo-snapshot "current" (the live state); the UI shows only real ones. */
export const listSnapshots = async (id: string): Promise<Snapshot[]> =>
  (await api.get<Snapshot[]>(`/vms/${encodeURIComponent(id)}/snapshots`)).filter(
    (s) => s.name !== 'current',
  );

export const useSnapshots = (id: string, enabled = true) =>
  useQuery({ queryKey: vmKeys.snapshots(id), queryFn: () => listSnapshots(id), enabled });
