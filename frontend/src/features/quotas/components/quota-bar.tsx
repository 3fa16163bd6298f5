import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { useCompanyQuota } from '../api/get-quota';
import type { QuotaLine } from '../api/types';
import { QuotaRequestDialog } from './quota-request-dialog';

const percent = (line: QuotaLine) =>
  line.limit ? Math.min(100, Math.round((line.used / line.limit) * 100)) : 0;

/** Usage against the company's limits, one bar per dimension; company admins can ask for more. */
export function QuotaBar({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const quota = useCompanyQuota(companyId);
  const [requesting, setRequesting] = useState(false);
  const canRequest = authz.role === 'company_admin';

  if (quota.error) return <ErrorAlert error={quota.error} sx={{ mb: 2 }} />;
  if (!quota.data) return null;

  return (
    <Card sx={{ mb: 2 }} component="section" aria-label={t('quotas.title')}>
      <CardContent sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', alignItems: 'center' }}>
        {quota.data.map((line) => {
          const value = percent(line);
          const label = t(`quotas.dimensions.${line.dimension}`);
          return (
            <Box key={line.dimension} sx={{ minWidth: 160, flex: 1 }}>
              <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1 }}>
                <Typography variant="body2">{label}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {line.limit === null
                    ? t('quotas.usedUnlimited', { used: line.used })
                    : t('quotas.usedOf', { used: line.used, limit: line.limit })}
                </Typography>
              </Box>
              <LinearProgress
                variant="determinate"
                value={line.limit === null ? 0 : value}
                color={value >= 90 ? 'error' : value >= 75 ? 'warning' : 'primary'}
                aria-label={t('quotas.usageLabel', { what: label })}
                sx={{ height: 6, borderRadius: 3, mt: 0.5 }}
              />
            </Box>
          );
        })}
        {canRequest && quota.data.some((line) => line.limit !== null) && (
          <Button variant="outlined" onClick={() => setRequesting(true)}>
            {t('quotas.requestIncrease')}
          </Button>
        )}
      </CardContent>
      {requesting && (
        <QuotaRequestDialog
          companyId={companyId}
          lines={quota.data}
          onClose={() => setRequesting(false)}
        />
      )}
    </Card>
  );
}
