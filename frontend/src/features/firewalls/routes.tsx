import SecurityOutlined from '@mui/icons-material/SecurityOutlined';
import { Permission } from '@multpanel/contracts/permissions';
import { RequirePermission } from '@/components/require-permission';
import { lazy } from 'react';
import type { FeatureModule } from '@/lib/feature-module';

const PublishPortButton = lazy(async () => ({
  default: (await import('./components/publish-port')).PublishPortButton,
}));

/** Console routes /firewalls and /firewalls/:id (firewall.read). */
export const firewallsFeature: FeatureModule = {
  id: 'firewalls',
  routes: [
    {
      path: 'firewalls',
      lazy: async () => {
        const { FirewallsListPage } = await import('./components/firewalls-list');
        return {
          Component: () => (
            <RequirePermission permission={Permission.FirewallRead}>
              <FirewallsListPage />
            </RequirePermission>
          ),
        };
      },
    },
    ...(['deploy', 'network-edge'] as const).map((mode) => ({
      path: `firewalls/${mode}`,
      lazy: async () => {
        const { FirewallDeployWizard } = await import('./components/firewall-deploy-wizard');
        return {
          Component: () => (
            <RequirePermission permission={Permission.FirewallRegister}>
              <FirewallDeployWizard mode={mode} />
            </RequirePermission>
          ),
        };
      },
    })),
    {
      path: 'firewalls/:id',
      lazy: async () => {
        const { FirewallShowPage } = await import('./components/firewall-show');
        return {
          Component: () => (
            <RequirePermission permission={Permission.FirewallRead}>
              <FirewallShowPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/firewalls',
      labelKey: 'firewalls.nav',
      icon: <SecurityOutlined />,
      permission: Permission.FirewallRead,
      order: 37,
      section: 'main',
    },
  ],
  slots: {
    'vm.show.actions': [
      { component: PublishPortButton, permission: Permission.FirewallManage, order: 20 },
    ],
  },
};
