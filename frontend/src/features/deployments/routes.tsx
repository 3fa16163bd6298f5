import RocketLaunchOutlined from '@mui/icons-material/RocketLaunchOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const DeployToGuestButton = lazy(async () => ({
  default: (await import('./components/deploy-to-guest-button')).DeployToGuestButton,
}));

export const deploymentsFeature: FeatureModule = {
  id: 'deployments',
  routes: [
    {
      path: 'deployments',
      children: [
        {
          index: true,
          lazy: async () => {
            const { DeploymentsListPage } = await import('./components/deployments-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.deploymentsRead}>
                  <DeploymentsListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { DeploymentCreatePage } = await import('./components/deployment-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.deploymentsManage}>
                  <DeploymentCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':deploymentId',
          lazy: async () => {
            const { DeploymentShowPage } = await import('./components/deployment-show');
            return {
              Component: () => (
                <RequirePermission permission={perm.deploymentsRead}>
                  <DeploymentShowPage />
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
      to: '/deployments',
      labelKey: 'nav.deployments',
      icon: <RocketLaunchOutlined />,
      permission: perm.deploymentsRead,
      order: 9,
    },
  ],
  slots: {
    'vm.show.actions': [{ component: DeployToGuestButton, permission: perm.deploymentsManage }],
  },
};
