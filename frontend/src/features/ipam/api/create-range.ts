import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateIpRangeInput, IpRangeView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const createRange = (input: CreateIpRangeInput): Promise<IpRangeView> =>
  api.post<IpRangeView>('/ipam/ranges', input);

export function useCreateRange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRange,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ipamKeys.all }),
  });
}
