import PersonOutline from '@mui/icons-material/PersonOutline';
import type { FeatureModule } from '@/lib/feature-module';

/** The same page inside the phone view, without the API-key manager (a desk task). */
export const mobileProfileFeature: FeatureModule = {
  id: 'mobile-profile',
  routes: [
    {
      path: 'profile',
      lazy: async () => {
        const { ProfilePage } = await import('./components/profile-page');
        return { Component: () => <ProfilePage compact /> };
      },
    },
  ],
  nav: [{ to: '/mobile/profile', labelKey: 'nav.profile', icon: <PersonOutline />, order: 90 }],
};
