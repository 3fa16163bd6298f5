import LayersOutlined from '@mui/icons-material/LayersOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

/** Template administration (super_admin): allow-lists per company, "Windows + GPU" flag, scans. */
export const templatesFeature: FeatureModule = {
  id: 'templates',
  routes: [
    {
      path: 'templates',
      lazy: async () => {
        const { TemplatesListPage } = await import('./components/templates-list');
        return {
          Component: () => (
            <RequirePermission permission={perm.platformSettings}>
              <TemplatesListPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/templates',
      labelKey: 'templates.nav',
      icon: <LayersOutlined />,
      permission: perm.platformSettings,
      order: 25,
      section: 'admin',
    },
  ],
};
