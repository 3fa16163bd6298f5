import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useCompanyQuotaUsage, useCompanyUsers } from '../api/company-overview';

/** One company's guest count and resources in use (GET /api/companies/:id/quota). */
export function CompanyUsageCell({
  companyId,
  what,
}: {
  companyId: string;
  what: 'guests' | 'usage';
}) {
  const { t } = useTranslation();
  const quota = useCompanyQuotaUsage(companyId);
  if (!quota.data) return <Typography color="text.secondary">…</Typography>;
  const used = quota.data.usage;
  if (what === 'guests') return <>{used.guests}</>;
  return (
    <>
      {t('companies.overview.usage', {
        vcpus: used.vcpus,
        memory: (used.memoryMb / 1024).toFixed(1),
        disk: used.diskGb,
      })}
    </>
  );
}

/** How many users a company has (GET /api/users?companyId=…&pageSize=1 → total). */
export function CompanyUsersCell({ companyId }: { companyId: string }) {
  const users = useCompanyUsers(companyId, 1);
  if (!users.data) return <Typography color="text.secondary">…</Typography>;
  return <>{users.data.total}</>;
}
