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

/** `version`: the source's last discovery time, so a finished discovery shows its VMs at once. */
export const useEsxiVms = (
  id: string,
  params: Partial<EsxiVmListQuery>,
  version: string | null = null,
) =>
  useQuery({
    queryKey: [...esxiKeys.vms(id, params), version],
    queryFn: () => listEsxiVms(id, params),
    placeholderData: keepPreviousData,
    enabled: !!id,
  });

export const getEsxiInventory = (id: string) => api.get<EsxiInventoryDto>(`${path(id)}/inventory`);

export const useEsxiInventory = (id: string, version: string | null = null) =>
  useQuery({
    queryKey: [...esxiKeys.inventory(id), version],
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
