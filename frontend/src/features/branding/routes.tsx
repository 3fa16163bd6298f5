import PaletteOutlined from '@mui/icons-material/PaletteOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const CompanyBrandingCard = lazy(async () => ({
  default: (await import('./components/branding-card')).CompanyBrandingCard,
}));

export const brandingFeature: FeatureModule = {
  id: 'branding',
  routes: [
    {
      path: 'branding',
      lazy: async () => {
        const { BrandingPage } = await import('./components/branding-page');
        return {
          Component: () => (
            <RequirePermission permission={perm.brandingManage}>
              <BrandingPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/branding',
      labelKey: 'branding.nav',
      icon: <PaletteOutlined />,
      permission: perm.brandingManage,
      order: 60,
      section: 'admin',
    },
  ],
  slots: {
    'company.edit': [
      { component: CompanyBrandingCard, permission: perm.brandingManage, order: 50 },
    ],
  },
};
