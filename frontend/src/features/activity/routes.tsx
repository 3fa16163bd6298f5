import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const activityFeature: FeatureModule = {
  id: 'activity',
  routes: [
    {
      path: 'activity',
      lazy: async () => {
        const { ActivityListPage } = await import('./components/activity-list');
        return {
          Component: () => (
            <RequirePermission permission={perm.activityRead}>
              <ActivityListPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/activity',
      labelKey: 'nav.activity',
      icon: <HistoryOutlined />,
      permission: perm.activityRead,
      order: 40,
      section: 'admin',
    },
  ],
};
