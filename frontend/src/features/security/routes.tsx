import { Permission } from '@multpanel/contracts/permissions';
import SecurityOutlined from '@mui/icons-material/SecurityOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

// Held by super_admin, salespeople and company admins; the page shows each only their own switches.
export const securityFeature: FeatureModule = {
  id: 'security',
  routes: [
    {
      path: 'security',
      lazy: async () => {
        const { SecurityPolicyPage } = await import('./components/security-policy-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.CompanyRequire2fa}>
              <SecurityPolicyPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/security',
      labelKey: 'security.nav',
      icon: <SecurityOutlined />,
      permission: Permission.CompanyRequire2fa,
      order: 86,
      section: 'admin',
    },
  ],
};
