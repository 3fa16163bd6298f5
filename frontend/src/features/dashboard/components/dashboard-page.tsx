import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { useSession } from '@/lib/session-store';
import { Permission } from '@multpanel/contracts/permissions';
import { AssignedCompanyDashboard } from './assigned-company-dashboard';
import { CompanyDashboard } from './company-dashboard';
import { HealthCard } from './health-card';
import { StaffDashboard } from './staff-dashboard';

export function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const auth = useAuthorization();
  if (session.status !== 'authenticated') return null;
  const { user } = session;

  return (
    <>
      <PageHeader
        title={t('dashboard.welcome', { name: user.name || user.email })}
        subtitle={t('dashboard.subtitle')}
      />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardHeader title={t('dashboard.account.title')} />
            <CardContent sx={{ pt: 0 }}>
              <Typography data-testid="dashboard-role">
                {t('dashboard.account.role', {
                  role: t(`roles.${user.role}`, { defaultValue: user.role }),
                })}
              </Typography>
              <Typography data-testid="dashboard-company">
                {t('dashboard.account.company', {
                  company: user.companyName ?? t('dashboard.account.platformStaff'),
                })}
              </Typography>
              <Typography color="text.secondary">{user.email}</Typography>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <HealthCard />
        </Grid>
        <Grid size={12}>
          {auth.has(Permission.MonitoringFleet) ? (
            <StaffDashboard />
          ) : user.companyId ? (
            <CompanyDashboard companyId={user.companyId} />
          ) : (
            auth.has(Permission.CompanyRead) && <AssignedCompanyDashboard />
          )}
        </Grid>
      </Grid>
    </>
  );
}
