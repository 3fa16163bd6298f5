import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { PveApiCallInput, PveApiCallResult } from './types';

export const callPveApi = ({ clusterId, input }: { clusterId: string; input: PveApiCallInput }) =>
  api.post<PveApiCallResult>(`/clusters/${encodeURIComponent(clusterId)}/pve-api/call`, input);

export const useCallPveApi = () => useMutation({ mutationFn: callPveApi });
