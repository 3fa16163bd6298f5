import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Box sx={{ p: 4, textAlign: 'center' }}>
      <Typography variant="h1" component="p" color="text.secondary">
        404
      </Typography>
      <Typography variant="h3" component="h1" gutterBottom>
        {t('notFound.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('notFound.description')}
      </Typography>
      <Button variant="contained" component={RouterLink} to="/">
        {t('errors.goHome')}
      </Button>
    </Box>
  );
}
