import type { TFunction } from 'i18next';
import { QUOTA_DIMENSIONS, type QuotaRequest } from '../api/types';

/** "Guests: 20, Memory (MiB): 65536", in the order of the quota bar. */
export const summarizeRequested = (t: TFunction, values: QuotaRequest['requested'] | undefined) =>
  QUOTA_DIMENSIONS.filter((d) => values?.[d] !== undefined && values?.[d] !== null)
    .map((d) => `${t(`quotas.dimensions.${d}`)}: ${values![d]}`)
    .join(', ');
