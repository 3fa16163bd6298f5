import MonitorHeartOutlined from '@mui/icons-material/MonitorHeartOutlined';
import NotificationsActiveOutlined from '@mui/icons-material/NotificationsActiveOutlined';
import RuleOutlined from '@mui/icons-material/RuleOutlined';
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
          path: 'alerts',
          lazy: async () => {
            const { AlertsListPage } = await import('./components/alerts-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.monitoringRead}>
                  <AlertsListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'alerts/:alertId',
          lazy: async () => {
            const { AlertShowPage } = await import('./components/alert-show');
            return {
              Component: () => (
                <RequirePermission permission={perm.monitoringRead}>
                  <AlertShowPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'rules',
          lazy: async () => {
            const { RulesPage } = await import('./components/rules-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.alertsManage}>
                  <RulesPage />
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
    {
      to: '/monitoring/alerts',
      labelKey: 'nav.alerts',
      icon: <NotificationsActiveOutlined />,
      permission: perm.monitoringRead,
      order: 13,
    },
    {
      to: '/monitoring/rules',
      labelKey: 'nav.alertRules',
      icon: <RuleOutlined />,
      permission: perm.alertsManage,
      order: 14,
    },
  ],
};
