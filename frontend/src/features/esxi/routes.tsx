import CloudSyncOutlined from '@mui/icons-material/CloudSyncOutlined';
import MoveUpOutlined from '@mui/icons-material/MoveUpOutlined';
import type { ReactNode } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const guarded = (permission: string, load: () => Promise<() => ReactNode>) => async () => {
  const Page = await load();
  return {
    Component: () => <RequirePermission permission={permission}>{Page()}</RequirePermission>,
  };
};

/**
 * ESXi / vCenter sources, their discovered inventory and imports (staff), and migration projects
 * (staff plan and run them; a customer sees its own company's progress).
 */
export const esxiFeature: FeatureModule = {
  id: 'esxi',
  routes: [
    {
      path: 'esxi',
      children: [
        {
          index: true,
          lazy: guarded(perm.esxiManage, async () => {
            const { EsxiSourcesListPage } = await import('./components/esxi-sources-list');
            return () => <EsxiSourcesListPage />;
          }),
        },
        {
          path: 'new',
          lazy: guarded(perm.esxiManage, async () => {
            const { EsxiSourceAddPage } = await import('./components/esxi-source-add');
            return () => <EsxiSourceAddPage />;
          }),
        },
        {
          path: ':sourceId',
          lazy: guarded(perm.esxiManage, async () => {
            const { EsxiSourceShowPage } = await import('./components/esxi-source-show');
            return () => <EsxiSourceShowPage />;
          }),
        },
      ],
    },
    {
      path: 'esxi-projects',
      children: [
        {
          index: true,
          lazy: guarded(perm.vmsRead, async () => {
            const { EsxiProjectsListPage } = await import('./components/esxi-projects-list');
            return () => <EsxiProjectsListPage />;
          }),
        },
        {
          path: 'new',
          lazy: guarded(perm.esxiManage, async () => {
            const { EsxiProjectCreatePage } = await import('./components/esxi-project-create');
            return () => <EsxiProjectCreatePage />;
          }),
        },
        {
          path: ':projectId',
          lazy: guarded(perm.vmsRead, async () => {
            const { EsxiProjectShowPage } = await import('./components/esxi-project-show');
            return () => <EsxiProjectShowPage />;
          }),
        },
      ],
    },
  ],
  nav: [
    {
      to: '/esxi',
      labelKey: 'nav.esxiSources',
      icon: <CloudSyncOutlined />,
      permission: perm.esxiManage,
      order: 10,
      section: 'admin',
    },
    {
      to: '/esxi-projects',
      labelKey: 'nav.esxiProjects',
      icon: <MoveUpOutlined />,
      permission: perm.vmsRead,
      order: 10,
    },
  ],
};
