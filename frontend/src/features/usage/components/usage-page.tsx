import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import PictureAsPdfOutlined from '@mui/icons-material/PictureAsPdfOutlined';
import PriceChangeOutlined from '@mui/icons-material/PriceChangeOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import { useDownloadStatement } from '../api/download-statement';
import { usePrices } from '../api/get-prices';
import { useStatement } from '../api/get-statement';
import { PriceListDialog } from './price-list-dialog';
import { StatementView } from './statement-view';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The current calendar month in UTC, as statements count it. */
export const currentMonth = (now = new Date()): string => now.toISOString().slice(0, 7);

/**
 * Usage statements: staff pick a company and a month (both in the URL); a company's own users see
 * their company's. Download as CSV or PDF; staff with platform settings edit the company's price list.
 */
export function UsagePage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);

  const isStaff = authz.role === 'super_admin' || authz.role === 'salesperson';
  const own = session.status === 'authenticated' ? session.user.companyId : null;
  const companies = useCompanyOptions(isStaff);
  const companyId = isStaff ? params.get('companyId') || null : own;
  const rawMonth = params.get('month') ?? '';
  const month = MONTH.test(rawMonth) ? rawMonth : currentMonth();

  const statement = useStatement(companyId, month);
  const canPrice = authz.has(perm.platformSettings);
  const prices = usePrices(companyId, canPrice);
  const download = useDownloadStatement();

  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const companyName = companies.data?.find((c) => c.id === companyId)?.name;

  return (
    <>
      <PageHeader
        title={t('usage.title')}
        subtitle={t('usage.subtitle')}
        actions={
          companyId && (
            <>
              {canPrice && (
                <Button
                  startIcon={<PriceChangeOutlined />}
                  onClick={() => setEditing(true)}
                  disabled={!prices.isSuccess}
                >
                  {t('usage.prices.edit')}
                </Button>
              )}
              <Button
                variant="contained"
                startIcon={<DownloadOutlined />}
                disabled={!statement.isSuccess || download.isPending}
                onClick={() =>
                  download.mutate({
                    query: { companyId, month },
                    fileName: `usage-${companyName ?? companyId}-${month}.csv`,
                  })
                }
              >
                {t('usage.downloadCsv')}
              </Button>
              <Button
                variant="outlined"
                startIcon={<PictureAsPdfOutlined />}
                disabled={!statement.isSuccess || download.isPending}
                onClick={() =>
                  download.mutate({
                    query: { companyId, month },
                    fileName: `usage-${companyName ?? companyId}-${month}.pdf`,
                    format: 'pdf',
                  })
                }
              >
                {t('usage.downloadPdf')}
              </Button>
            </>
          )
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 3, flexWrap: 'wrap' }}>
        {isStaff && (
          <TextField
            select
            label={t('usage.company')}
            value={companyId ?? ''}
            onChange={(e) => setParam('companyId', e.target.value)}
            sx={{ minWidth: 240 }}
          >
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          type="month"
          label={t('usage.month')}
          value={month}
          onChange={(e) => setParam('month', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Box>
      {download.error && <ErrorAlert error={download.error} sx={{ mb: 2 }} />}
      {!companyId ? (
        <EmptyState title={t('usage.pickCompany')} />
      ) : statement.error ? (
        <ErrorAlert error={statement.error} />
      ) : !statement.data ? (
        <CircularProgress aria-label={t('common.loading')} />
      ) : (
        <StatementView statement={statement.data} />
      )}
      {editing && companyId && prices.isSuccess && (
        <PriceListDialog
          companyId={companyId}
          current={prices.data}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}
