import type { Components, Theme } from '@mui/material/styles';

/** Side navigation, menus and the mobile bottom bar. */
export const navigationCustomizations: Components<Theme> = {
  MuiListItemButton: {
    styleOverrides: {
      root: ({ theme }) => ({
        borderRadius: 8,
        margin: '2px 8px',
        '&.Mui-selected': {
          backgroundColor: theme.palette.action.selected,
          fontWeight: 600,
        },
      }),
    },
  },
  MuiListItemIcon: { styleOverrides: { root: { minWidth: 36 } } },
  MuiBottomNavigationAction: {
    // Big tap targets on phones.
    styleOverrides: { root: { minHeight: 64, minWidth: 72 } },
  },
};
