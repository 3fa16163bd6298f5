import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { useAuthorization, type Authorization } from '@/lib/authorization';
import type { NavItem } from '@/lib/feature-module';

/** Menu entries the user may see, ordered; an entry without a permission is visible to everyone. */
export function visibleNavItems(items: NavItem[], authz: Authorization): NavItem[] {
  return items
    .filter((item) => !item.permission || authz.has(item.permission))
    .sort((a, b) => a.order - b.order);
}

const isActive = (pathname: string, to: string) =>
  to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);

export function SideNav({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const { pathname } = useLocation();
  const visible = visibleNavItems(items, authz);
  const main = visible.filter((i) => i.section !== 'admin');
  const admin = visible.filter((i) => i.section === 'admin');

  const renderItem = (item: NavItem) => (
    <ListItemButton
      key={item.to}
      component={NavLink}
      to={item.to}
      selected={isActive(pathname, item.to)}
      onClick={onNavigate}
    >
      <ListItemIcon>{item.icon}</ListItemIcon>
      <ListItemText primary={t(item.labelKey)} />
    </ListItemButton>
  );

  return (
    <nav aria-label={t('nav.label')}>
      <List dense>{main.map(renderItem)}</List>
      {admin.length > 0 && (
        <List
          dense
          subheader={<ListSubheader disableSticky>{t('nav.administration')}</ListSubheader>}
        >
          {admin.map(renderItem)}
        </List>
      )}
    </nav>
  );
}
