import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { usageKeys, type UsagePriceList } from './types';

/** The company's price list, or null when it has none (statements are then unpriced). */
export const getPrices = async (companyId: string): Promise<UsagePriceList | null> =>
  (await api.get<UsagePriceList | null>(`/usage/prices/${encodeURIComponent(companyId)}`)) ?? null;

export const usePrices = (companyId: string | null, enabled = true) =>
  useQuery({
    queryKey: usageKeys.prices(companyId ?? ''),
    queryFn: () => getPrices(companyId ?? ''),
    enabled: enabled && !!companyId,
  });
