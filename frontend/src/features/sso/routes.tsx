import { Permission } from '@multpanel/contracts/permissions';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

/** A customer's directory, shown on its company page (`company.edit` slot). */
const CompanyIdentityProviderCard = lazy(async () => {
  const { IdentityProviderCard } = await import('./components/identity-provider-card');
  return {
    default: ({ companyId }: { companyId: string }) => (
      <IdentityProviderCard target={{ kind: 'company', companyId }} />
    ),
  };
});

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
  slots: {
    'company.edit': [
      { component: CompanyIdentityProviderCard, permission: Permission.IdentityProviderManage },
    ],
  },
};
