import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogo, useProductName } from '@/lib/branding';
import { useColorMode } from '@/theme/color-mode';
import { Link as RouterLink, Outlet } from 'react-router-dom';
import { BrandFooter } from '@/components/brand-footer';
import { LoadingScreen } from '@/components/loading-screen';
import { Toaster } from '@/components/toaster';
import type { NavItem } from '@/lib/feature-module';
import { useLiveJobs } from '@/lib/jobs/use-live-jobs';
import { NO_SLOTS, SlotsProvider, type SlotContributions } from '@/lib/slots';
import { CompanySwitcher } from './company-switcher';
import { SideNav } from './side-nav';
import { UserMenu } from './user-menu';

const DRAWER_WIDTH = 240;

/** Staff console shell: top bar, side navigation (permanent from md up), routed content. */
export function ConsoleLayout({
  navItems,
  slots = NO_SLOTS,
}: {
  navItems: NavItem[];
  slots?: SlotContributions;
}) {
  const { t } = useTranslation();
  const productName = useProductName();
  const logo = useLogo(useColorMode().mode);
  const [mobileOpen, setMobileOpen] = useState(false);
  useLiveJobs();

  const drawerContent = (
    <>
      <Toolbar sx={{ gap: 1 }}>
        {logo && <Box component="img" src={logo} alt="" sx={{ maxHeight: 32, maxWidth: 64 }} />}
        <Typography
          variant="h5"
          component={RouterLink}
          to="/"
          color="primary"
          sx={{ textDecoration: 'none', fontWeight: 700 }}
        >
          {productName}
        </Typography>
      </Toolbar>
      <SideNav items={navItems} onNavigate={() => setMobileOpen(false)} />
    </>
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar
        position="fixed"
        sx={{ width: { md: `calc(100% - ${DRAWER_WIDTH}px)` }, ml: { md: `${DRAWER_WIDTH}px` } }}
      >
        <Toolbar sx={{ gap: 1 }}>
          <IconButton
            edge="start"
            onClick={() => setMobileOpen(true)}
            aria-label={t('shell.openNavigation')}
            sx={{ display: { md: 'none' } }}
          >
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component="span" sx={{ display: { md: 'none' } }}>
            {productName}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <CompanySwitcher />
          <UserMenu />
        </Toolbar>
      </AppBar>
      <Box component="aside" sx={{ width: { md: DRAWER_WIDTH }, flexShrink: { md: 0 } }}>
        <Drawer
          variant="temporary"
          open={mobileOpen}
          onClose={() => setMobileOpen(false)}
          ModalProps={{ keepMounted: true }}
          sx={{
            display: { xs: 'block', md: 'none' },
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH },
          }}
        >
          {drawerContent}
        </Drawer>
        <Drawer
          variant="permanent"
          open
          sx={{
            display: { xs: 'none', md: 'block' },
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH },
          }}
        >
          {drawerContent}
        </Drawer>
      </Box>
      <Box component="main" sx={{ flex: 1, minWidth: 0, p: { xs: 2, md: 3 } }}>
        <Toolbar />
        <SlotsProvider slots={slots}>
          <Suspense fallback={<LoadingScreen />}>
            <Outlet />
          </Suspense>
        </SlotsProvider>
        <BrandFooter />
      </Box>
      <Toaster />
    </Box>
  );
}
