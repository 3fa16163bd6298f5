import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { MyGuestsList } from '@/features/vms/mobile/my-guests-list';
import { preferFullConsole } from '@/lib/device';
import { useSession } from '@/lib/session-store';

/** Phone home: greeting, the "My guests" area (filled by the VM feature) and the way back. */
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
      <Card>
        <CardContent>
          <Typography variant="h5" component="h2" gutterBottom>
            {t('mobile.myGuests')}
          </Typography>
          <Box data-testid="mobile-guest-list">
            <MyGuestsList />
          </Box>
        </CardContent>
      </Card>
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
