import LanOutlined from '@mui/icons-material/LanOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const ipamFeature: FeatureModule = {
  id: 'ipam',
  routes: [
    {
      path: 'networks',
      children: [
        {
          index: true,
          lazy: async () => {
            const { RangesListPage } = await import('./components/ranges-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.ipamRead}>
                  <RangesListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { RangeCreatePage } = await import('./components/range-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.ipamManage}>
                  <RangeCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':rangeId',
          lazy: async () => {
            const { RangeShowPage } = await import('./components/range-show');
            return {
              Component: () => (
                <RequirePermission permission={perm.ipamRead}>
                  <RangeShowPage />
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
      to: '/networks',
      labelKey: 'nav.networks',
      icon: <LanOutlined />,
      permission: perm.ipamRead,
      order: 35,
      section: 'admin',
    },
  ],
};
