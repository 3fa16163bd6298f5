import Alert from '@mui/material/Alert';
import type { EsxiTestResult } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';

/** A test connection's answer in words. */
export function EsxiTestResultAlert({ result }: { result: EsxiTestResult }) {
  const { t } = useTranslation();
  if (!result.trusted) return <Alert severity="warning">{t('esxi.untrusted')}</Alert>;
  if (!result.ok)
    return <Alert severity="error">{t('esxi.testFailed', { error: result.error ?? '' })}</Alert>;
  return (
    <Alert severity="success">
      {t('esxi.testOk', {
        type: result.apiType ?? '',
        version: result.version ?? '',
        vms: result.vmCount ?? 0,
        latency: result.latencyMs,
      })}
    </Alert>
  );
}
