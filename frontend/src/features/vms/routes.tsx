import DnsOutlined from '@mui/icons-material/DnsOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

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
