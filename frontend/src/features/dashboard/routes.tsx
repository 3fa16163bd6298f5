import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import type { FeatureModule } from '@/lib/feature-module';

export const dashboardFeature: FeatureModule = {
  id: 'dashboard',
  routes: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('./components/dashboard-page')).DashboardPage,
      }),
    },
  ],
  nav: [{ to: '/', labelKey: 'nav.dashboard', icon: <DashboardOutlined />, order: 0 }],
};
