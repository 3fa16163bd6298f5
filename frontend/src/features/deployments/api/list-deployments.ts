import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { DeploymentListQuery, DeploymentStats, DeploymentView } from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { deploymentKeys } from './deployment-keys';

export const listDeployments = (params: Partial<DeploymentListQuery>) =>
  api.get<Paged<DeploymentView>>('/deployments', { query: { ...params } });

export const useDeployments = (params: Partial<DeploymentListQuery>) =>
  useQuery(
    queryOptions({
      queryKey: deploymentKeys.list(params),
      queryFn: () => listDeployments(params),
      placeholderData: keepPreviousData,
      refetchInterval: 5000,
    }),
  );

export const getDeploymentStats = () => api.get<DeploymentStats>('/deployments/stats');

export const useDeploymentStats = () =>
  useQuery({ queryKey: deploymentKeys.stats(), queryFn: getDeploymentStats });
