import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TicketSlaPolicyDto,
  TicketSlaPolicyInput,
  TicketSlaPolicyListItem,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

/** A company's policy, or (companyId null) the MSP's default. */
export const slaPolicyPath = (companyId: string | null) =>
  companyId ? `/companies/${encodeURIComponent(companyId)}/ticket-sla` : '/tickets/sla-policy';

export const getSlaPolicy = (companyId: string | null) =>
  api.get<TicketSlaPolicyDto | null>(slaPolicyPath(companyId));

export const useSlaPolicy = (companyId: string | null, enabled = true) =>
  useQuery({
    queryKey: ticketKeys.slaPolicy(companyId),
    queryFn: () => getSlaPolicy(companyId),
    enabled,
  });

/** Every policy set that the caller may see (staff): the default, then companies by name. */
export const listSlaPolicies = () => api.get<TicketSlaPolicyListItem[]>('/tickets/sla-policies');

export const useSlaPolicies = (enabled = true) =>
  useQuery({ queryKey: ticketKeys.slaPolicyList, queryFn: listSlaPolicies, enabled });

export const saveSlaPolicy = ({
  companyId,
  input,
}: {
  companyId: string | null;
  input: TicketSlaPolicyInput;
}) => api.put<TicketSlaPolicyDto>(slaPolicyPath(companyId), input);

export const deleteSlaPolicy = (companyId: string | null) => api.delete(slaPolicyPath(companyId));

/** Saving or removing a policy changes what every company falling back to it shows. */
export function useSaveSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveSlaPolicy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.slaPolicies }),
  });
}

export function useDeleteSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSlaPolicy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.slaPolicies }),
  });
}
