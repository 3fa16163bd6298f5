import Avatar from '@mui/material/Avatar';
import IconButton from '@mui/material/IconButton';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/session-store';

const UserMenuList = lazy(() =>
  import('./user-menu-list').then((m) => ({ default: m.UserMenuList })),
);

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('') || '?';

export function UserMenu({ variant = 'console' }: { variant?: 'console' | 'mobile' }) {
  const { t } = useTranslation();
  const session = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (session.status !== 'authenticated') return null;
  const { user } = session;
  const close = () => setAnchor(null);

  return (
    <>
      <IconButton onClick={(e) => setAnchor(e.currentTarget)} aria-label={t('shell.userMenu')}>
        <Avatar sx={{ width: 32, height: 32, fontSize: 14, bgcolor: 'primary.main' }}>
          {initials(user.name || user.email)}
        </Avatar>
      </IconButton>
      {anchor && (
        <Suspense fallback={null}>
          <UserMenuList user={user} anchor={anchor} close={close} variant={variant} />
        </Suspense>
      )}
    </>
  );
}
