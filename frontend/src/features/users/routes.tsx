import PeopleOutline from '@mui/icons-material/PeopleOutline';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const usersFeature: FeatureModule = {
  id: 'users',
  routes: [
    {
      path: 'users',
      children: [
        {
          index: true,
          lazy: async () => {
            const { UsersListPage } = await import('./components/users-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.usersRead}>
                  <UsersListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { UserCreatePage } = await import('./components/user-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.usersCreate}>
                  <UserCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':userId/edit',
          lazy: async () => {
            const { UserEditPage } = await import('./components/user-edit');
            return {
              Component: () => (
                <RequirePermission permission={perm.usersUpdate}>
                  <UserEditPage />
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
      to: '/users',
      labelKey: 'nav.users',
      icon: <PeopleOutline />,
      permission: perm.usersRead,
      order: 30,
      section: 'admin',
    },
  ],
};
