import RocketLaunchOutlined from '@mui/icons-material/RocketLaunchOutlined';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

/** /mobile: deployments with status and redeploy. */
export const mobileDeploymentsFeature: FeatureModule = {
  id: 'mobile-deployments',
  routes: [
    {
      path: 'deployments',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-deployments-page')).MobileDeploymentsPage,
      }),
    },
  ],
  nav: [
    {
      to: '/mobile/deployments',
      labelKey: 'nav.deployments',
      icon: <RocketLaunchOutlined />,
      permission: perm.deploymentsRead,
      order: 9,
    },
  ],
};
