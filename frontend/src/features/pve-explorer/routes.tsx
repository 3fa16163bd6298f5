import ApiOutlined from '@mui/icons-material/ApiOutlined';
import { Permission } from '@multpanel/contracts/permissions';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

/** /pve-explorer: the Proxmox VE API explorer (operators; company admins on their own clusters). */
export const pveExplorerFeature: FeatureModule = {
  id: 'pve-explorer',
  routes: [
    {
      path: 'pve-explorer',
      lazy: async () => {
        const { PveExplorerPage } = await import('./components/pve-explorer-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.PveExplore}>
              <PveExplorerPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/pve-explorer',
      labelKey: 'pveExplorer.nav',
      icon: <ApiOutlined />,
      permission: Permission.PveExplore,
      order: 62,
      section: 'admin',
    },
  ],
};
