import PendingActionsOutlined from '@mui/icons-material/PendingActionsOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const jobsFeature: FeatureModule = {
  id: 'jobs',
  routes: [
    {
      path: 'jobs',
      lazy: async () => {
        const { JobsListPage } = await import('./components/jobs-list');
        return {
          Component: () => (
            <RequirePermission permission={perm.vmsRead}>
              <JobsListPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/jobs',
      labelKey: 'jobs.nav',
      icon: <PendingActionsOutlined />,
      permission: perm.vmsRead,
      order: 15,
    },
  ],
};
