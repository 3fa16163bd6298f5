import { useQuery } from '@tanstack/react-query';
import type { DeploymentView, ReleaseView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { deploymentKeys } from './deployment-keys';

export const getDeployment = (id: string) =>
  api.get<DeploymentView>(`/deployments/${encodeURIComponent(id)}`);

/** Polled while a job runs so status and releases follow the live log. */
export const useDeployment = (id: string) =>
  useQuery({
    queryKey: deploymentKeys.detail(id),
    queryFn: () => getDeployment(id),
    refetchInterval: (q) =>
      ['PENDING', 'PROVISIONING', 'DEPLOYING'].includes(q.state.data?.status ?? '') ? 2000 : false,
  });

export const listReleases = (id: string) =>
  api.get<ReleaseView[]>(`/deployments/${encodeURIComponent(id)}/releases`);

export const useReleases = (id: string) =>
  useQuery({ queryKey: deploymentKeys.releases(id), queryFn: () => listReleases(id) });
