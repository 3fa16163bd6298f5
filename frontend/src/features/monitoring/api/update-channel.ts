import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type ChannelDto, type UpdateChannelInput } from './types';

export const updateChannel = ({ id, ...input }: UpdateChannelInput & { id: string }) =>
  api.patch<ChannelDto>(`/notification-channels/${encodeURIComponent(id)}`, input);

export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateChannel,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.channels() }),
  });
}
