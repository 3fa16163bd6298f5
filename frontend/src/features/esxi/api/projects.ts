import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CreateEsxiProjectInput,
  EsxiProjectDto,
  EsxiProjectListQuery,
  EsxiProjectPage,
  EsxiWaveRolledBack,
  EsxiWaveStarted,
  RunEsxiWaveInput,
  SetEsxiProjectVmsInput,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { esxiKeys } from './esxi-keys';
import { useEsxiMutation } from './sources';

const path = (id: string) => `/esxi-projects/${encodeURIComponent(id)}`;

export const listEsxiProjects = (params: Partial<EsxiProjectListQuery>) =>
  api.get<EsxiProjectPage>('/esxi-projects', { query: { ...params } });

export const useEsxiProjects = (params: Partial<EsxiProjectListQuery>) =>
  useQuery({
    queryKey: esxiKeys.projects(params),
    queryFn: () => listEsxiProjects(params),
    placeholderData: keepPreviousData,
  });

export const getEsxiProject = (id: string) => api.get<EsxiProjectDto>(path(id));

const ACTIVE = new Set(['queued', 'running']);

/** Polled while an import of the project runs, so the per-VM report follows it. */
export const useEsxiProject = (id: string) =>
  useQuery({
    queryKey: esxiKeys.project(id),
    queryFn: () => getEsxiProject(id),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.vms.some((v) => ACTIVE.has(v.status)) ? 2000 : false),
  });

export const createEsxiProject = (input: CreateEsxiProjectInput) =>
  api.post<EsxiProjectDto>('/esxi-projects', input);

export const setEsxiProjectVms = ({ id, ...body }: SetEsxiProjectVmsInput & { id: string }) =>
  api.put<EsxiProjectDto>(`${path(id)}/vms`, body);

export const runEsxiWave = ({
  id,
  wave,
  ...body
}: Partial<RunEsxiWaveInput> & { id: string; wave: number }) =>
  api.post<EsxiWaveStarted>(`${path(id)}/waves/${wave}/run`, body);

/** Cancel one VM's import (it stops while it waits, before Proxmox copies its disks). */
export const cancelEsxiProjectVm = ({ id, vmId }: { id: string; vmId: string }) =>
  api.post<EsxiProjectDto>(`${path(id)}/vms/${encodeURIComponent(vmId)}/cancel`);

/** Cancel the wave's imports under way and power on the source VMs it shut down. */
export const rollbackEsxiWave = ({ id, wave }: { id: string; wave: number }) =>
  api.post<EsxiWaveRolledBack>(`${path(id)}/waves/${wave}/rollback`);

export const deleteEsxiProject = (id: string) => api.delete(path(id));

export const useCreateEsxiProject = () => useEsxiMutation(createEsxiProject);
export const useSetEsxiProjectVms = () => useEsxiMutation(setEsxiProjectVms);
export const useRunEsxiWave = () => useEsxiMutation(runEsxiWave);
export const useCancelEsxiProjectVm = () => useEsxiMutation(cancelEsxiProjectVm);
export const useRollbackEsxiWave = () => useEsxiMutation(rollbackEsxiWave);
export const useDeleteEsxiProject = () => useEsxiMutation(deleteEsxiProject);
