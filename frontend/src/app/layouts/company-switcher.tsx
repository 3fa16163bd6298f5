import ApartmentOutlined from '@mui/icons-material/ApartmentOutlined';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/session-store';

/**
 * Placeholder: shows the company in context. Staff will pick a customer here once tenant-scoped
 * views exist; until then the menu says so instead of pretending.
 */
export function CompanySwitcher() {
  const { t } = useTranslation();
  const session = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (session.status !== 'authenticated') return null;
  const label = session.user.companyName ?? t('shell.allCompanies');

  return (
    <>
      <Button
        color="inherit"
        startIcon={<ApartmentOutlined />}
        endIcon={<ExpandMore />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-label={t('shell.companySwitcher')}
        sx={{ display: { xs: 'none', sm: 'inline-flex' } }}
      >
        {label}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem selected onClick={() => setAnchor(null)}>
          {label}
        </MenuItem>
        <MenuItem disabled>{t('shell.switcherComingSoon')}</MenuItem>
      </Menu>
    </>
  );
}
