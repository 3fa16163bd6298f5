import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ClusterTestResult } from '../api/types';
import { ms } from './format';

/** The answer of a connection test in sentences, with a hint on what to do when it failed. */
export function TestResult({ result }: { result: ClusterTestResult }) {
  const { t } = useTranslation();
  if (!result.ok) {
    const hint = result.errorCode
      ? t(`clusters.testHints.${result.errorCode}`, { defaultValue: '' })
      : '';
    return (
      <Alert severity="error" data-testid="test-result">
        <Typography variant="body2">{result.error ?? t('errors.generic')}</Typography>
        {hint && <Typography variant="body2">{hint}</Typography>}
      </Alert>
    );
  }
  const offline = result.nodes.filter((n) => !n.online).map((n) => n.name);
  return (
    <Alert severity="success" data-testid="test-result">
      <Typography variant="body2">
        {t('clusters.create.testOk', {
          version: result.version ?? '?',
          nodes: result.nodes.length,
          latency: ms(result.latencyMs),
        })}
      </Typography>
      <Typography variant="body2">
        {result.quorate === false ? t('clusters.noQuorum') : t('clusters.create.quorate')}
        {result.clusterName
          ? ` · ${t('clusters.create.pveName', { name: result.clusterName })}`
          : ''}
      </Typography>
      <Typography variant="body2">
        {t('clusters.create.nodeList', {
          list: result.nodes.map((n) => `${n.name}${n.online ? '' : ' (offline)'}`).join(', '),
        })}
      </Typography>
      {offline.length > 0 && (
        <Typography variant="body2" color="warning.main">
          {t('clusters.create.nodesOffline', { list: offline.join(', ') })}
        </Typography>
      )}
      <Typography variant="body2">
        {result.permissions.length > 0
          ? t('clusters.create.permissions', { count: result.permissions.length })
          : t('clusters.create.permissionsUnknown')}
      </Typography>
      {result.missingPermissions.length > 0 && (
        <Typography variant="body2" color="warning.main">
          {t('clusters.create.missingPermissions', {
            list: result.missingPermissions.join(', '),
          })}
        </Typography>
      )}
    </Alert>
  );
}
