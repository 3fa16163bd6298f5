import HomeOutlined from '@mui/icons-material/HomeOutlined';
import type { FeatureModule } from '@/lib/feature-module';

/** Routes under /mobile (relative paths). */
export const mobileHomeFeature: FeatureModule = {
  id: 'mobile-home',
  routes: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('./components/mobile-home-page')).MobileHomePage,
      }),
    },
  ],
  nav: [{ to: '/mobile', labelKey: 'nav.home', icon: <HomeOutlined />, order: 0 }],
};
