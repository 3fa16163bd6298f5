import DnsOutlined from '@mui/icons-material/DnsOutlined';
import StorageOutlined from '@mui/icons-material/StorageOutlined';
import { Permission } from '@multpanel/contracts/permissions';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

/** Console routes: /clusters (list), /clusters/new (wizard), /clusters/unassigned (guest import),
 * /clusters/import (CSV), /clusters/:clusterId (detail) and /clusters/:clusterId/edit; a company's
 * own clusters at /my-clusters and /my-clusters/new. */
export const clustersFeature: FeatureModule = {
  id: 'clusters',
  routes: [
    {
      path: 'clusters',
      children: [
        {
          index: true,
          lazy: async () => {
            const { ClustersListPage } = await import('./components/clusters-list');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterRead}>
                  <ClustersListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { ClusterCreatePage } = await import('./components/cluster-create');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterManage}>
                  <ClusterCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'import',
          lazy: async () => {
            const { ClustersImportPage } = await import('./components/clusters-import');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterManage}>
                  <ClustersImportPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':clusterId/edit',
          lazy: async () => {
            const { ClusterEditPage } = await import('./components/cluster-edit');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterManage}>
                  <ClusterEditPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':clusterId',
          lazy: async () => {
            const { ClusterShowPage } = await import('./components/cluster-show');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterRead}>
                  <ClusterShowPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'unassigned',
          lazy: async () => {
            const { UnassignedGuestsPage } = await import('./components/unassigned-guests');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterRead}>
                  <UnassignedGuestsPage />
                </RequirePermission>
              ),
            };
          },
        },
      ],
    },
    {
      path: 'my-clusters',
      children: [
        {
          index: true,
          lazy: async () => {
            const { OwnedClustersListPage } = await import('./components/owned-clusters-list');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterOwn}>
                  <OwnedClustersListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { OwnedClusterCreatePage } = await import('./components/owned-cluster-create');
            return {
              Component: () => (
                <RequirePermission permission={Permission.ClusterOwn}>
                  <OwnedClusterCreatePage />
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
      to: '/clusters',
      labelKey: 'clusters.nav',
      icon: <StorageOutlined />,
      permission: Permission.ClusterRead,
      order: 60,
      section: 'admin',
    },
    {
      to: '/my-clusters',
      labelKey: 'clusters.owned.nav',
      icon: <DnsOutlined />,
      permission: Permission.ClusterOwn,
      order: 61,
      section: 'admin',
    },
  ],
};
