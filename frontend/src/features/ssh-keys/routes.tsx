import KeyOutlined from '@mui/icons-material/KeyOutlined';
import { Permission } from '@multpanel/contracts/permissions';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

/** Console route /ssh-keys (super_admin: cluster.manage). */
export const sshKeysFeature: FeatureModule = {
  id: 'ssh-keys',
  routes: [
    {
      path: 'ssh-keys',
      lazy: async () => {
        const { SshKeysPage } = await import('./components/ssh-keys-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.ClusterManage}>
              <SshKeysPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/ssh-keys',
      labelKey: 'sshKeys.nav',
      icon: <KeyOutlined />,
      permission: Permission.ClusterManage,
      order: 62,
      section: 'admin',
    },
  ],
};
