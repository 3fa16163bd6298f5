import CleaningServicesOutlined from '@mui/icons-material/CleaningServicesOutlined';
import DnsOutlined from '@mui/icons-material/DnsOutlined';
import HttpsOutlined from '@mui/icons-material/HttpsOutlined';
import SystemUpdateAltOutlined from '@mui/icons-material/SystemUpdateAltOutlined';
import { Permission } from '@multpanel/contracts/permissions';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';

/** Console routes /system/updates, /system/certificates, /system/instances, /system/leftovers (super_admin). */
export const systemFeature: FeatureModule = {
  id: 'system',
  routes: [
    {
      path: 'system/updates',
      lazy: async () => {
        const { UpdatesPage } = await import('./components/updates-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.SystemUpdate}>
              <UpdatesPage />
            </RequirePermission>
          ),
        };
      },
    },
    {
      path: 'system/certificates',
      lazy: async () => {
        const { CertificatesPage } = await import('./components/certificates-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.SystemCertificates}>
              <CertificatesPage />
            </RequirePermission>
          ),
        };
      },
    },
    {
      path: 'system/instances',
      lazy: async () => {
        const { InstancesPage } = await import('./components/instances-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.SystemUpdate}>
              <InstancesPage />
            </RequirePermission>
          ),
        };
      },
    },
    {
      path: 'system/leftovers',
      lazy: async () => {
        const { LeftoversPage } = await import('./components/leftovers-page');
        return {
          Component: () => (
            <RequirePermission permission={Permission.SystemJobs}>
              <LeftoversPage />
            </RequirePermission>
          ),
        };
      },
    },
  ],
  nav: [
    {
      to: '/system/updates',
      labelKey: 'system.nav.updates',
      icon: <SystemUpdateAltOutlined />,
      permission: Permission.SystemUpdate,
      order: 90,
      section: 'admin',
    },
    {
      to: '/system/certificates',
      labelKey: 'system.nav.certificates',
      icon: <HttpsOutlined />,
      permission: Permission.SystemCertificates,
      order: 91,
      section: 'admin',
    },
    {
      to: '/system/instances',
      labelKey: 'system.nav.instances',
      icon: <DnsOutlined />,
      permission: Permission.SystemUpdate,
      order: 92,
      section: 'admin',
    },
    {
      to: '/system/leftovers',
      labelKey: 'system.nav.leftovers',
      icon: <CleaningServicesOutlined />,
      permission: Permission.SystemJobs,
      order: 93,
      section: 'admin',
    },
  ],
};
