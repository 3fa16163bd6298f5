import PersonOutline from '@mui/icons-material/PersonOutline';
import type { FeatureModule } from '@/lib/feature-module';

export const profileFeature: FeatureModule = {
  id: 'profile',
  routes: [
    {
      path: 'profile',
      lazy: async () => ({ Component: (await import('./components/profile-page')).ProfilePage }),
    },
    {
      // `multpanel login --device` links here; signed-out visitors sign in and come back.
      path: 'device',
      lazy: async () => ({
        Component: (await import('./components/device-approve-page')).DeviceApprovePage,
      }),
    },
  ],
  nav: [{ to: '/profile', labelKey: 'nav.profile', icon: <PersonOutline />, order: 90 }],
};
