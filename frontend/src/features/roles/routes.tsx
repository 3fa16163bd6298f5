import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

/** Console route /roles (role.manage: company admins, salespeople, super_admin). */
export const rolesFeature: FeatureModule = {
  id: 'roles',
  routes: [
    {
      path: 'roles',
      lazy: async () => {
        const { RolesListPage } = await import('./components/roles-list');
        return {
          Component: () => (
            <RequirePermission permission={perm.rolesManage}>
              <RolesListPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/roles',
      labelKey: 'customRoles.nav',
      icon: <AdminPanelSettingsOutlined />,
      permission: perm.rolesManage,
      order: 31,
      section: 'admin',
    },
  ],
};
