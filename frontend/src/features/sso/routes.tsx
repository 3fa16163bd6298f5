import { Permission } from '@multpanel/contracts/permissions';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

export const ssoFeature: FeatureModule = {
  id: 'sso',
  routes: [
    {
      path: 'sso',
      lazy: async () => {
        const { SsoSettingsPage } = await import('./components/sso-settings-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.IdentityProviderManage}>
              <SsoSettingsPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/sso',
      labelKey: 'sso.nav',
      icon: <KeyOutlined />,
      permission: Permission.IdentityProviderManage,
      order: 85,
      section: 'admin',
    },
  ],
};
