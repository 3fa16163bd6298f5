import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { useCompanyOptions } from '@/lib/queries/companies';

export interface ClusterDetails {
  location: string;
  tags: string;
  allowedCompanyIds: string[];
}

export const splitTags = (tags: string) =>
  tags
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Location, tags and which companies may place guests on the cluster (wizard and edit page);
 * `withCompanies` false for a company's own cluster, which has no allow-list.
 */
export function ClusterDetailsFields({
  value,
  onChange,
  withCompanies = true,
}: {
  value: ClusterDetails;
  onChange: (next: ClusterDetails) => void;
  withCompanies?: boolean;
}) {
  const { t } = useTranslation();
  const companies = useCompanyOptions(withCompanies);
  const options = companies.data ?? [];
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <TextField
        label={t('clusters.fields.location')}
        value={value.location}
        onChange={(e) => onChange({ ...value, location: e.target.value })}
      />
      <TextField
        label={t('clusters.fields.tags')}
        helperText={t('clusters.create.tagsHint')}
        value={value.tags}
        onChange={(e) => onChange({ ...value, tags: e.target.value })}
      />
      {withCompanies && (
        <Autocomplete
          multiple
          options={options}
          loading={companies.isLoading}
          getOptionLabel={(o) => o.name}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          value={options.filter((o) => value.allowedCompanyIds.includes(o.id))}
          onChange={(_e, picked) =>
            onChange({ ...value, allowedCompanyIds: picked.map((p) => p.id) })
          }
          renderInput={(params) => (
            <TextField
              {...params}
              label={t('clusters.fields.allowedCompanies')}
              helperText={t('clusters.create.allowedHint')}
            />
          )}
        />
      )}
    </Box>
  );
}
