import ReceiptLongOutlined from '@mui/icons-material/ReceiptLongOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const usageFeature: FeatureModule = {
  id: 'usage',
  routes: [
    {
      path: 'usage',
      lazy: async () => {
        const { UsagePage } = await import('./components/usage-page');
        return {
          Component: () => (
            <RequirePermission permission={perm.monitoringRead}>
              <UsagePage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/usage',
      labelKey: 'nav.usage',
      icon: <ReceiptLongOutlined />,
      permission: perm.monitoringRead,
      order: 15,
    },
  ],
};
