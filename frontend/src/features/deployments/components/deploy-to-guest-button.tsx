import RocketLaunchOutlined from '@mui/icons-material/RocketLaunchOutlined';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';

/** "Deploy an app" on a guest's page (slot `vm.show.actions`): the wizard starts with this guest. */
export function DeployToGuestButton({ guestId }: { guestId: string }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="outlined"
      startIcon={<RocketLaunchOutlined />}
      component={RouterLink}
      to={`/deployments/new?guestId=${encodeURIComponent(guestId)}`}
    >
      {t('deployments.deployToGuest')}
    </Button>
  );
}
