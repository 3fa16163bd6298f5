import RequestQuoteOutlined from '@mui/icons-material/RequestQuoteOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const QuotaBar = lazy(async () => ({ default: (await import('./components/quota-bar')).QuotaBar }));

/** Quota requests: company admins follow theirs, super_admin and salespeople approve. */
export const quotasFeature: FeatureModule = {
  id: 'quotas',
  routes: [
    {
      path: 'quota-requests',
      lazy: async () => {
        const { QuotaRequestsListPage } = await import('./components/quota-requests-list');
        return {
          Component: () => (
            <RequirePermission permission={perm.vmsCreate}>
              <QuotaRequestsListPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/quota-requests',
      labelKey: 'quotas.nav',
      icon: <RequestQuoteOutlined />,
      permission: perm.vmsCreate,
      order: 40,
    },
  ],
  // Usage against the limits above the guest list of one company.
  slots: { 'guests.list.top': [{ component: QuotaBar }] },
};
