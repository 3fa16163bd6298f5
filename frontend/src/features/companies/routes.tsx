import ApartmentOutlined from '@mui/icons-material/ApartmentOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const companiesFeature: FeatureModule = {
  id: 'companies',
  routes: [
    {
      path: 'companies',
      children: [
        {
          index: true,
          lazy: async () => {
            const { CompaniesListPage } = await import('./components/companies-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.companiesRead}>
                  <CompaniesListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { CompanyCreatePage } = await import('./components/company-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.companiesCreate}>
                  <CompanyCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':companyId',
          lazy: async () => {
            const { CompanyPage } = await import('./components/company-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.companiesRead}>
                  <CompanyPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':companyId/edit',
          lazy: async () => {
            const { CompanyEditPage } = await import('./components/company-edit');
            return {
              Component: () => (
                <RequirePermission permission={perm.companiesUpdate}>
                  <CompanyEditPage />
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
      to: '/companies',
      labelKey: 'nav.companies',
      icon: <ApartmentOutlined />,
      permission: perm.companiesRead,
      order: 20,
      section: 'admin',
    },
  ],
};
