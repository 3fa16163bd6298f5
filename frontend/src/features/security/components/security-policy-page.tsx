import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { Permission } from '@multpanel/contracts/permissions';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { useCompany } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import { usePlatformSettings, useUpdatePlatformSettings } from '../api/platform-settings';
import { useSetCompanyRequire2fa } from '../api/set-company-require-2fa';

function StaffCard() {
  const { t } = useTranslation();
  const settings = usePlatformSettings();
  const update = useUpdatePlatformSettings();
  return (
    <Card>
      <CardHeader title={t('security.staff.title')} />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 1 }}>
        <ErrorAlert error={settings.error ?? update.error} />
        <FormControlLabel
          control={
            <Switch
              checked={settings.data?.requireStaff2fa ?? false}
              disabled={!settings.data || update.isPending}
              onChange={(e) => update.mutate({ requireStaff2fa: e.target.checked })}
            />
          }
          label={t('security.staff.switch')}
        />
        <Typography variant="body2" color="text.secondary">
          {t('security.staff.help')}
        </Typography>
        {update.isSuccess && <Alert severity="success">{t('security.saved')}</Alert>}
      </CardContent>
    </Card>
  );
}

function CompanyCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const company = useCompany(companyId);
  const update = useSetCompanyRequire2fa();
  return (
    <Card>
      <CardHeader title={t('security.company.title')} />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 1 }}>
        <ErrorAlert error={company.error ?? update.error} />
        <FormControlLabel
          control={
            <Switch
              checked={update.data?.require2fa ?? company.data?.require2fa ?? false}
              disabled={!company.data || update.isPending}
              onChange={(e) => update.mutate({ id: companyId, require2fa: e.target.checked })}
            />
          }
          label={t('security.company.switch', { name: company.data?.name ?? '' })}
        />
        <Typography variant="body2" color="text.secondary">
          {t('security.company.help')}
        </Typography>
        <FormControlLabel
          control={
            <Switch
              checked={
                update.data?.requirePhishingResistantMfa ??
                company.data?.requirePhishingResistantMfa ??
                false
              }
              disabled={!company.data || update.isPending}
              onChange={(e) =>
                update.mutate({
                  id: companyId,
                  require2fa: update.data?.require2fa ?? company.data?.require2fa ?? false,
                  requirePhishingResistantMfa: e.target.checked,
                })
              }
            />
          }
          label={t('security.company.phishingResistant')}
        />
        <Typography variant="body2" color="text.secondary">
          {t('security.company.phishingResistantHelp')}
        </Typography>
        {update.isSuccess && <Alert severity="success">{t('security.saved')}</Alert>}
      </CardContent>
    </Card>
  );
}

/** Two-factor requirements: the platform's staff switch (super_admin) and a customer's own switch. */
export function SecurityPolicyPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const session = useSession();
  const companyId = session.status === 'authenticated' ? session.user.companyId : null;
  const isStaff = !companyId;
  return (
    <>
      <PageHeader title={t('security.title')} subtitle={t('security.subtitle')} />
      <Stack spacing={2}>
        <Alert severity="info">{t('security.ssoNote')}</Alert>
        {authz.has(Permission.PlatformSettings) && <StaffCard />}
        {companyId && authz.has(Permission.CompanyRequire2fa) && (
          <CompanyCard companyId={companyId} />
        )}
        {isStaff && authz.has(Permission.CompanyUpdate) && (
          <Typography color="text.secondary">{t('security.perCompany')}</Typography>
        )}
      </Stack>
    </>
  );
}
