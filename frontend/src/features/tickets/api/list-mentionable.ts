import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TicketMentionable } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

/** Who the caller may @mention on a ticket (the server decides: customers get the assignee only). */
export const useMentionable = (ticketId: string, q: string | null) =>
  useQuery({
    queryKey: ['tickets', 'mentionable', ticketId, q],
    queryFn: () =>
      api.get<TicketMentionable[]>(
        `/tickets/${encodeURIComponent(ticketId)}/mentionable?q=${encodeURIComponent(q ?? '')}`,
      ),
    enabled: q !== null,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
