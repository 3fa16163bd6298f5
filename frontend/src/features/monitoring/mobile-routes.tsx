import NotificationsActiveOutlined from '@mui/icons-material/NotificationsActiveOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

/** /mobile: the customer's open alerts. */
export const mobileAlertsFeature: FeatureModule = {
  id: 'mobile-alerts',
  routes: [
    {
      path: 'alerts',
      lazy: async () => {
        const { MobileAlertsPage } = await import('./components/mobile-alerts-page');
        return {
          Component: () => (
            <RequirePermission permission={perm.monitoringRead}>
              <MobileAlertsPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/mobile/alerts',
      labelKey: 'nav.alerts',
      icon: <NotificationsActiveOutlined />,
      permission: perm.monitoringRead,
      order: 20,
    },
  ],
};
