import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { pveKeys, type PveApiTreeNode } from './types';

export const getPveTree = () => api.get<PveApiTreeNode[]>('/pve-api/tree');

/** The schema never changes while the platform runs: fetched once per session. */
export const usePveTree = () =>
  useQuery({ queryKey: pveKeys.tree(), queryFn: getPveTree, staleTime: Infinity });
