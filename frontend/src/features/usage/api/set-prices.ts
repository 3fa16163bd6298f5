import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { usageKeys, type UsagePriceList, type UsagePriceListInput } from './types';

export const setPrices = (companyId: string, input: UsagePriceListInput) =>
  api.put<UsagePriceList>(`/usage/prices/${encodeURIComponent(companyId)}`, input);

/** Saves the list, then refetches the company's statements so they show the new prices. */
export const useSetPrices = (companyId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UsagePriceListInput) => setPrices(companyId, input),
    onSuccess: async (saved) => {
      qc.setQueryData(usageKeys.prices(companyId), saved);
      await qc.invalidateQueries({ queryKey: [...usageKeys.all, 'statement', companyId] });
    },
  });
};
