import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptEsxiFingerprintInput,
  CreateEsxiSourceInput,
  EsxiDiscoveryStarted,
  EsxiSourceDto,
  EsxiSourceListQuery,
  EsxiTestResult,
} from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { trackAccepted } from '@/lib/jobs/track-job';
import { esxiKeys } from './esxi-keys';

const path = (id: string) => `/esxi-sources/${encodeURIComponent(id)}`;

export const listEsxiSources = (params: Partial<EsxiSourceListQuery>) =>
  api.get<Paged<EsxiSourceDto>>('/esxi-sources', { query: { ...params } });

export const useEsxiSources = (params: Partial<EsxiSourceListQuery>, enabled = true) =>
  useQuery({
    queryKey: esxiKeys.sources(params),
    queryFn: () => listEsxiSources(params),
    placeholderData: keepPreviousData,
    enabled,
  });

export const getEsxiSource = (id: string) => api.get<EsxiSourceDto>(path(id));

/** Polled slowly so a finished discovery shows its time and inventory without a reload. */
export const useEsxiSource = (id: string) =>
  useQuery({
    queryKey: esxiKeys.source(id),
    queryFn: () => getEsxiSource(id),
    enabled: !!id,
    refetchInterval: 5000,
  });

export const createEsxiSource = (input: CreateEsxiSourceInput) =>
  api.post<EsxiSourceDto>('/esxi-sources', input);

export const testEsxiSource = (id: string) => api.post<EsxiTestResult>(`${path(id)}/test`);

export const acceptEsxiCertificate = ({
  id,
  ...body
}: AcceptEsxiFingerprintInput & { id: string }) =>
  api.post<EsxiSourceDto>(`${path(id)}/accept-certificate`, body);

export const discoverEsxiSource = (id: string) =>
  api.post<EsxiDiscoveryStarted>(`${path(id)}/discover`);

export const deleteEsxiSource = (id: string) => api.delete(path(id));

function useEsxiMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => {
      trackAccepted(queryClient, answer);
      return queryClient.invalidateQueries({ queryKey: esxiKeys.all });
    },
  });
}

export const useCreateEsxiSource = () => useEsxiMutation(createEsxiSource);
export const useTestEsxiSource = () => useEsxiMutation(testEsxiSource);
export const useAcceptEsxiCertificate = () => useEsxiMutation(acceptEsxiCertificate);
export const useDiscoverEsxiSource = () => useEsxiMutation(discoverEsxiSource);
export const useDeleteEsxiSource = () => useEsxiMutation(deleteEsxiSource);
export { useEsxiMutation };
