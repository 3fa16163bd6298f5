import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useDeployments } from '../api/list-deployments';
import { useDeployNow } from '../api/run-deployment';
import { DeploymentStatusChip } from '../components/deployment-status-chip';

/** /mobile: my deployments with their status and a redeploy button. */
export function MobileDeploymentsPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const deployments = useDeployments({ page: 1, pageSize: 50 });
  const deploy = useDeployNow();
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h5" component="h1">
        {t('deployments.title')}
      </Typography>
      <ErrorAlert error={deployments.error ?? deploy.error} />
      {deployments.data?.items.length === 0 && (
        <Typography color="text.secondary">{t('deployments.empty')}</Typography>
      )}
      <List disablePadding>
        {(deployments.data?.items ?? []).map((d) => (
          <ListItem
            key={d.id}
            divider
            sx={{ minHeight: 64, gap: 1 }}
            secondaryAction={
              authz.has(perm.deploymentsManage) && (
                <Button
                  size="small"
                  disabled={
                    deploy.isPending || ['PENDING', 'PROVISIONING', 'DEPLOYING'].includes(d.status)
                  }
                  onClick={() => deploy.mutate(d.id)}
                >
                  {t('deployments.redeploy')}
                </Button>
              )
            }
          >
            <ListItemText primary={d.name} secondary={`${d.framework} · ${d.ref}`} />
            <DeploymentStatusChip status={d.status} />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
