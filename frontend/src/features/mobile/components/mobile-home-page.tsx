import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { preferFullConsole } from '@/lib/device';
import { useSession } from '@/lib/session-store';
import { Slot } from '@/lib/slots';

/** Phone home: greeting, the cards other features contribute (`mobile.home`) and the way back. */
export function MobileHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const name = session.status === 'authenticated' ? session.user.name || session.user.email : '';

  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h3" component="h1">
        {t('mobile.greeting', { name })}
      </Typography>
      <Slot name="mobile.home" />
      <Button
        size="large"
        variant="outlined"
        sx={{ minHeight: 48 }}
        onClick={() => {
          preferFullConsole(window.localStorage);
          void navigate('/');
        }}
      >
        {t('mobile.switchToConsole')}
      </Button>
    </Box>
  );
}
