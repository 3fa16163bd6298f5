import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompany } from '@/lib/queries/companies';
import { useCompanyGuests, useCompanyQuotaUsage, useCompanyUsers } from '../api/company-overview';

const PAGE = 100;

/** /companies/:companyId: a company's status, quota usage, guests and users on one page. */
export function CompanyPage() {
  const { t } = useTranslation();
  const { companyId = '' } = useParams();
  const authz = useAuthorization();
  const company = useCompany(companyId);
  const vms = useCompanyGuests(companyId);
  const users = useCompanyUsers(companyId, PAGE);
  const quota = useCompanyQuotaUsage(companyId);

  if (company.isPending) return <LoadingScreen />;
  if (company.error) return <ErrorAlert error={company.error} />;
  const c = company.data;
  const guests = (vms.data?.items ?? []).filter((v) => !v.template);

  return (
    <>
      <PageHeader
        title={c.name}
        actions={
          authz.has(perm.companiesUpdate) ? (
            <Button component={RouterLink} to={`/companies/${c.id}/edit`}>
              {t('common.edit')}
            </Button>
          ) : undefined
        }
      />
      <Box sx={{ display: 'grid', gap: 2 }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Chip
            label={t(`companies.status.${c.status}`)}
            color={c.status === 'active' ? 'success' : 'warning'}
            variant="outlined"
          />
          {c.contactEmail && <Typography color="text.secondary">{c.contactEmail}</Typography>}
        </Box>
        <Card component="section" aria-labelledby="company-usage">
          <CardContent>
            <Typography id="company-usage" variant="h6" component="h2" gutterBottom>
              {t('companies.overview.usageTitle')}
            </Typography>
            {quota.error ? (
              <ErrorAlert error={quota.error} />
            ) : (
              <Box
                component="dl"
                sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: 1, m: 0 }}
              >
                {(['guests', 'vcpus', 'memoryMb', 'diskGb'] as const).map((d) => (
                  <Box key={d} sx={{ display: 'contents' }}>
                    <Typography component="dt" color="text.secondary">
                      {t(`quotas.dimensions.${d}`)}
                    </Typography>
                    <Typography component="dd" sx={{ m: 0 }}>
                      {quota.data
                        ? quota.data.limits[d] == null
                          ? t('quotas.usedUnlimited', { used: quota.data.usage[d] })
                          : t('quotas.usedOf', {
                              used: quota.data.usage[d],
                              limit: quota.data.limits[d],
                            })
                        : '…'}
                    </Typography>
                  </Box>
                ))}
              </Box>
            )}
          </CardContent>
        </Card>
        <Card component="section" aria-labelledby="company-guests">
          <CardContent>
            <Typography id="company-guests" variant="h6" component="h2" gutterBottom>
              {t('companies.overview.guestsTitle', { count: vms.data ? guests.length : 0 })}
            </Typography>
            {vms.error ? (
              <ErrorAlert error={vms.error} />
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('companies.overview.guestName')}</TableCell>
                    <TableCell>{t('companies.overview.guestCluster')}</TableCell>
                    <TableCell>{t('companies.fields.status')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {guests.map((vm) => (
                    <TableRow key={vm.id}>
                      <TableCell>
                        <Link component={RouterLink} to={`/vms/${vm.id}`}>
                          {vm.name ?? `#${vm.vmid}`}
                        </Link>
                      </TableCell>
                      <TableCell>{vm.clusterName}</TableCell>
                      <TableCell>
                        {t(`companies.overview.state.${vm.status}`, { defaultValue: vm.status })}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
        <Card component="section" aria-labelledby="company-users">
          <CardContent>
            <Typography id="company-users" variant="h6" component="h2" gutterBottom>
              {t('companies.overview.usersTitle', { count: users.data?.total ?? 0 })}
            </Typography>
            {users.error ? (
              <ErrorAlert error={users.error} />
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('companies.overview.userName')}</TableCell>
                    <TableCell>{t('companies.overview.userEmail')}</TableCell>
                    <TableCell>{t('companies.overview.userRole')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {(users.data?.items ?? []).map((u) => (
                    <TableRow key={u.id}>
                      <TableCell>{u.name}</TableCell>
                      <TableCell>{u.email}</TableCell>
                      <TableCell>{t(`roles.${u.role}`, { defaultValue: u.role })}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </Box>
    </>
  );
}
