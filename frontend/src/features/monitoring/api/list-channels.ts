import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type ChannelDto } from './types';

export const listChannels = () => api.get<ChannelDto[]>('/notification-channels');

export const useChannels = () =>
  useQuery({ queryKey: alertKeys.channels(), queryFn: listChannels });
