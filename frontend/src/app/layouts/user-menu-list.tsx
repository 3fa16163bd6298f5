import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import PersonOutline from '@mui/icons-material/PersonOutline';
import PhoneIphoneOutlined from '@mui/icons-material/PhoneIphoneOutlined';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { AuthUser } from '@multpanel/contracts';
import { useLogout } from '@/features/auth/api/logout';
import { preferMobileView } from '@/lib/device';
import { useColorMode } from '@/theme/color-mode';

/** The account menu's popup; its own chunk, loaded when the menu is first opened. */
export function UserMenuList({
  user,
  anchor,
  close,
  variant,
}: {
  user: AuthUser;
  anchor: HTMLElement;
  close: () => void;
  variant: 'console' | 'mobile';
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { mode, toggle } = useColorMode();
  return (
    <Menu
      anchorEl={anchor}
      open
      onClose={close}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'right' }}
    >
      <Box sx={{ px: 2, py: 1 }}>
        <Typography fontWeight={600}>{user.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {user.email}
        </Typography>
      </Box>
      <Divider />
      <MenuItem
        onClick={() => {
          close();
          void navigate('/profile');
        }}
      >
        <ListItemIcon>
          <PersonOutline fontSize="small" />
        </ListItemIcon>
        <ListItemText>{t('shell.profile')}</ListItemText>
      </MenuItem>
      <MenuItem onClick={toggle}>
        <ListItemIcon>
          <DarkModeOutlined fontSize="small" />
        </ListItemIcon>
        <ListItemText>{t('shell.darkMode')}</ListItemText>
        <Switch size="small" edge="end" checked={mode === 'dark'} tabIndex={-1} />
      </MenuItem>
      {variant === 'console' && (
        <MenuItem
          onClick={() => {
            close();
            preferMobileView(window.localStorage);
            void navigate('/mobile');
          }}
        >
          <ListItemIcon>
            <PhoneIphoneOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('shell.mobileView')}</ListItemText>
        </MenuItem>
      )}
      <Divider />
      <MenuItem
        onClick={() =>
          // Closed once settled: callbacks of `mutate` are dropped if this list unmounts first.
          logout.mutate(undefined, {
            onSettled: () => {
              close();
              void navigate('/login', { replace: true });
            },
          })
        }
      >
        <ListItemIcon>
          <LogoutOutlined fontSize="small" />
        </ListItemIcon>
        <ListItemText>{t('shell.logout')}</ListItemText>
      </MenuItem>
    </Menu>
  );
}
