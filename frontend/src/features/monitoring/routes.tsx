import MonitorHeartOutlined from '@mui/icons-material/MonitorHeartOutlined';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

export const monitoringFeature: FeatureModule = {
  id: 'monitoring',
  routes: [
    {
      path: 'monitoring',
      children: [
        {
          index: true,
          lazy: async () => {
            const { MonitoringPage } = await import('./components/monitoring-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.monitoringFleet}>
                  <MonitoringPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'clusters/:clusterId/nodes/:node',
          lazy: async () => {
            const { NodeMetricsPage } = await import('./components/node-metrics-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.monitoringFleet}>
                  <NodeMetricsPage />
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
      to: '/monitoring',
      labelKey: 'nav.monitoring',
      icon: <MonitorHeartOutlined />,
      permission: perm.monitoringFleet,
      order: 12,
    },
  ],
};
