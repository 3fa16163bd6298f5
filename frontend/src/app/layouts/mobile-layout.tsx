import AppBar from '@mui/material/AppBar';
import BottomNavigation from '@mui/material/BottomNavigation';
import BottomNavigationAction from '@mui/material/BottomNavigationAction';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogo, useProductName } from '@/lib/branding';
import { useColorMode } from '@/theme/color-mode';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { BrandFooter } from '@/components/brand-footer';
import { LoadingScreen } from '@/components/loading-screen';
import { Toaster } from '@/components/toaster';
import { useAuthorization } from '@/lib/authorization';
import { visibleNavItems } from './side-nav';
import type { NavItem } from '@/lib/feature-module';
import { useLiveJobs } from '@/lib/jobs/use-live-jobs';
import { NO_SLOTS, SlotsProvider, type SlotContributions } from '@/lib/slots';
import { UserMenu } from './user-menu';

const mobileGuestPath = (id: string) => `/mobile/vms/${id}`;

/** Customer view for phones: compact top bar, content, bottom navigation with big tap targets. */
export function MobileLayout({
  navItems,
  slots = NO_SLOTS,
}: {
  navItems: NavItem[];
  slots?: SlotContributions;
}) {
  const { t } = useTranslation();
  const productName = useProductName();
  const logo = useLogo(useColorMode().mode);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  useLiveJobs(mobileGuestPath);
  const items = visibleNavItems(navItems, useAuthorization());
  // The console needs the whole screen (and the on-screen keyboard the space below it).
  const fullScreen = /\/console\/?$/.test(pathname);
  const current =
    [...items].sort((a, b) => b.to.length - a.to.length).find((i) => pathname.startsWith(i.to))
      ?.to ?? false;

  return (
    <Box
      sx={{ minHeight: '100vh', pb: fullScreen ? 0 : 'calc(64px + env(safe-area-inset-bottom))' }}
    >
      <AppBar position="sticky">
        <Toolbar sx={{ gap: 1 }}>
          {logo && <Box component="img" src={logo} alt="" sx={{ maxHeight: 28, maxWidth: 56 }} />}
          <Typography variant="h6" component="span" sx={{ flex: 1 }}>
            {productName}
          </Typography>
          <UserMenu variant="mobile" />
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 2 }}>
        <SlotsProvider slots={slots}>
          <Suspense fallback={<LoadingScreen />}>
            <Outlet />
          </Suspense>
        </SlotsProvider>
        {!fullScreen && <BrandFooter />}
      </Box>
      <Toaster />
      {items.length > 1 && !fullScreen && (
        <Paper
          component="nav"
          aria-label={t('nav.label')}
          sx={{
            position: 'fixed',
            bottom: 0,
            left: 0,
            right: 0,
            pb: 'env(safe-area-inset-bottom)',
          }}
          elevation={3}
        >
          <BottomNavigation
            value={current}
            onChange={(_, to: string) => void navigate(to)}
            showLabels
          >
            {items.map((item) => (
              <BottomNavigationAction
                key={item.to}
                value={item.to}
                label={t(item.labelKey)}
                icon={item.icon}
              />
            ))}
          </BottomNavigation>
        </Paper>
      )}
    </Box>
  );
}
