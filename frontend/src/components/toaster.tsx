import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { notificationStore, useNotifications } from '@/lib/notifications-store';

/** Shows the oldest pending notification; the next one follows when it closes. One per shell. */
export function Toaster() {
  const { t } = useTranslation();
  const current = useNotifications()[0];
  if (!current) return null;
  const close = () => notificationStore.dismiss(current.id);
  return (
    <Snackbar
      key={current.id}
      open
      autoHideDuration={6000}
      onClose={(_, reason) => reason !== 'clickaway' && close()}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
    >
      <Alert
        severity={current.severity}
        variant="filled"
        onClose={close}
        data-testid="job-toast"
        action={
          current.link ? (
            <Button
              color="inherit"
              size="small"
              component={RouterLink}
              to={current.link}
              onClick={close}
            >
              {t('common.open')}
            </Button>
          ) : undefined
        }
      >
        {current.message}
      </Alert>
    </Snackbar>
  );
}
