import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCompanyOptions } from '@/lib/queries/companies';
import { CompanyDashboard } from './company-dashboard';

/**
 * A salesperson's dashboard: no fleet view and no company of their own, so they pick one of the
 * companies assigned to them (the API lists only those) and see its figures. The pick is in the URL.
 */
export function AssignedCompanyDashboard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const companies = useCompanyOptions(true);
  const options = companies.data ?? [];
  const picked = params.get('companyId');
  // One assigned company: no choice to make.
  const companyId = picked || (options.length === 1 ? options[0]!.id : null);
  return (
    <>
      <TextField
        select
        label={t('dashboard.pickCompany.label')}
        value={companyId ?? ''}
        onChange={(e) => setParams({ companyId: e.target.value }, { replace: true })}
        sx={{ minWidth: 240, mb: 2 }}
      >
        {options.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      {companyId ? (
        <CompanyDashboard companyId={companyId} />
      ) : (
        <Typography color="text.secondary">
          {companies.isSuccess && options.length === 0
            ? t('dashboard.pickCompany.none')
            : t('dashboard.pickCompany.hint')}
        </Typography>
      )}
    </>
  );
}
