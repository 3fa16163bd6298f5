import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { MyGuestsList } from './my-guests-list';

/** The phone home page's "My guests" card (contributed to the `mobile.home` slot). */
export function MyGuestsCard() {
  const { t } = useTranslation();
  return (
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
  );
}
