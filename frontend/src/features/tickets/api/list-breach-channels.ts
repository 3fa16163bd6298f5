import { useQuery } from '@tanstack/react-query';
import type { ChannelDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

/** The monitoring notification channels the caller sees, offered as SLA breach alert targets. */
export const listBreachChannels = () => api.get<ChannelDto[]>('/notification-channels');

export const useBreachChannels = () =>
  useQuery({ queryKey: ticketKeys.breachChannels, queryFn: listBreachChannels, staleTime: 60_000 });
