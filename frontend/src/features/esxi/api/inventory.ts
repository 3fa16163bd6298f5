import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type {
  EsxiImportAccepted,
  EsxiImportInput,
  EsxiImportPlan,
  EsxiImportPlanInput,
  EsxiInventoryDto,
  EsxiVmListQuery,
  EsxiVmPage,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { esxiKeys } from './esxi-keys';
import { useEsxiMutation } from './sources';

const path = (id: string) => `/esxi-sources/${encodeURIComponent(id)}`;

export const listEsxiVms = (id: string, params: Partial<EsxiVmListQuery>) =>
  api.get<EsxiVmPage>(`${path(id)}/vms`, { query: { ...params } });

export const useEsxiVms = (id: string, params: Partial<EsxiVmListQuery>) =>
  useQuery({
    queryKey: esxiKeys.vms(id, params),
    queryFn: () => listEsxiVms(id, params),
    placeholderData: keepPreviousData,
    enabled: !!id,
  });

export const getEsxiInventory = (id: string) => api.get<EsxiInventoryDto>(`${path(id)}/inventory`);

export const useEsxiInventory = (id: string) =>
  useQuery({
    queryKey: esxiKeys.inventory(id),
    queryFn: () => getEsxiInventory(id),
    enabled: !!id,
  });

type VmRef = { sourceId: string; vmId: string };

/** Reads Proxmox's import-metadata for the VM on a node: disks, NICs and warnings. */
export const planEsxiImport = ({ sourceId, vmId, ...body }: EsxiImportPlanInput & VmRef) =>
  api.post<EsxiImportPlan>(`${path(sourceId)}/vms/${encodeURIComponent(vmId)}/import-plan`, body);

export const usePlanEsxiImport = () => useMutation({ mutationFn: planEsxiImport });

export const startEsxiImport = ({
  sourceId,
  vmId,
  input,
}: VmRef & { input: Partial<EsxiImportInput> }) =>
  api.post<EsxiImportAccepted>(`${path(sourceId)}/vms/${encodeURIComponent(vmId)}/import`, input);

export const useStartEsxiImport = () => useEsxiMutation(startEsxiImport);
