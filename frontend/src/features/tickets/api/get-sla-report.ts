import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TicketSlaReport } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export const getSlaReport = (month: string, companyId: string | null) =>
  api.get<TicketSlaReport>('/tickets/sla-report', {
    query: { month, ...(companyId ? { companyId } : {}) },
  });

export const useSlaReport = (month: string, companyId: string | null) =>
  useQuery({
    queryKey: ticketKeys.slaReport(month, companyId),
    queryFn: () => getSlaReport(month, companyId),
    placeholderData: keepPreviousData,
  });
