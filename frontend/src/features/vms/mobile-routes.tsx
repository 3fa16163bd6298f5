import DnsOutlined from '@mui/icons-material/DnsOutlined';
import { lazy } from 'react';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const HomeSummaryCard = lazy(async () => ({
  default: (await import('./mobile/home-summary-card')).HomeSummaryCard,
}));

/** Phone routes under /mobile: the guest list and one guest with big power buttons. */
export const mobileVmsFeature: FeatureModule = {
  id: 'mobile-vms',
  routes: [
    {
      path: 'vms',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-vms-page')).MobileVmsPage,
      }),
    },
    {
      path: 'vms/:vmId',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-vm-page')).MobileVmPage,
      }),
    },
  ],
  nav: [
    {
      to: '/mobile/vms',
      labelKey: 'vms.mobile.nav',
      icon: <DnsOutlined />,
      permission: perm.vmsRead,
      order: 5,
    },
  ],
  slots: { 'mobile.home': [{ component: HomeSummaryCard, permission: perm.vmsRead, order: 10 }] },
};
