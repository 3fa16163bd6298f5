export type {
  UsageGuestLine,
  UsagePriceList,
  UsagePriceListInput,
  UsagePricedLine,
  UsageStatement,
  UsageStatementQuery,
} from '@multpanel/contracts';

export const usageKeys = {
  all: ['usage'] as const,
  statement: (companyId: string, month: string) =>
    [...usageKeys.all, 'statement', companyId, month] as const,
  prices: (companyId: string) => [...usageKeys.all, 'prices', companyId] as const,
};
