import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { notificationStore, type Notification } from '@/lib/notifications-store';

/** One notification as a snackbar; its own chunk, loaded with the first notification. */
export function Toast({ current }: { current: Notification }) {
  const { t } = useTranslation();
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
