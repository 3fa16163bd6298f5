import DnsOutlined from '@mui/icons-material/DnsOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const HomeSummaryCard = lazy(async () => ({
  default: (await import('./mobile/home-summary-card')).HomeSummaryCard,
}));

/** Console routes: /vms (list), /vms/new (wizard), /vms/:vmId (guest page). */
export const vmsFeature: FeatureModule = {
  id: 'vms',
  routes: [
    {
      path: 'vms',
      children: [
        {
          index: true,
          lazy: async () => {
            const { VmsListPage } = await import('./components/vms-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.vmsRead}>
                  <VmsListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { VmCreatePage } = await import('./components/create-wizard/vm-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.vmsCreate}>
                  <VmCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':vmId',
          lazy: async () => {
            const { VmShowPage } = await import('./components/vm-show');
            return {
              Component: () => (
                <RequirePermission permission={perm.vmsRead}>
                  <VmShowPage />
                </RequirePermission>
              ),
            };
          },
        },
      ],
    },
  ],
  nav: [
    {
      to: '/vms',
      labelKey: 'vms.nav',
      icon: <DnsOutlined />,
      permission: perm.vmsRead,
      order: 10,
    },
  ],
};

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
