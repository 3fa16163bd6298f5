import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type CreateChannelInput, type CreatedChannelDto } from './types';

export const createChannel = (input: Partial<CreateChannelInput>) =>
  api.post<CreatedChannelDto>('/notification-channels', input);

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChannel,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.channels() }),
  });
}
