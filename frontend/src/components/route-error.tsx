import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link as RouterLink, useRouteError } from 'react-router-dom';
import { useErrorMessage } from './error-alert';
import { NotFound } from './not-found';

/** Error boundary for one route: the shell stays usable when a page crashes. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  // Keep the details in the console for whoever debugs; the page shows a sentence.
  console.error(error);
  return (
    <Box sx={{ p: 3, maxWidth: 640 }}>
      <Typography variant="h3" component="h1" gutterBottom>
        {t('errors.pageCrashedTitle')}
      </Typography>
      <Alert severity="error" sx={{ mb: 2 }}>
        {message(error)}
      </Alert>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button variant="contained" onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
        <Button component={RouterLink} to="/">
          {t('errors.goHome')}
        </Button>
      </Box>
    </Box>
  );
}
