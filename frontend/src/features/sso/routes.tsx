import { Permission } from '@multpanel/contracts/permissions';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import ContactsOutlined from '@mui/icons-material/ContactsOutlined';
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

const CompanyLdapDirectoryCard = lazy(async () => {
  const { LdapDirectoryCard } = await import('./components/ldap-directory-card');
  return {
    default: ({ companyId }: { companyId: string }) => (
      <LdapDirectoryCard target={{ kind: 'company', companyId }} />
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
    {
      path: 'system/directory',
      lazy: async () => {
        const { StaffDirectoryPage } = await import('./components/staff-directory-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.PlatformSettings}>
              <StaffDirectoryPage />
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
    {
      to: '/system/directory',
      labelKey: 'ldap.nav',
      icon: <ContactsOutlined />,
      permission: Permission.PlatformSettings,
      order: 94,
      section: 'admin',
    },
  ],
  slots: {
    'company.edit': [
      { component: CompanyIdentityProviderCard, permission: Permission.IdentityProviderManage },
      {
        component: CompanyLdapDirectoryCard,
        permission: Permission.IdentityProviderManage,
        order: 1,
      },
    ],
  },
};
