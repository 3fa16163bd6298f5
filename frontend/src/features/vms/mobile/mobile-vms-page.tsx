import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { MyGuestsList } from './my-guests-list';

export function MobileVmsPage() {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h3" component="h1">
        {t('mobile.myGuests')}
      </Typography>
      <MyGuestsList />
    </Box>
  );
}
