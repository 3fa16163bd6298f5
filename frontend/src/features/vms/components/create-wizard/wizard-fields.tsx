import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { Controller, type Control, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { PlacementCluster } from '../../api/placement';
import type { WizardValues } from './wizard-schema';

/** Fields several wizard steps use. */

export function RadioField<N extends FieldPath<WizardValues>>({
  control,
  name,
  label,
  options,
  onChange,
}: {
  control: Control<WizardValues>;
  name: N;
  label: string;
  options: Array<{ value: string; label: string; help?: string }>;
  onChange?: (value: string) => void;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <RadioGroup
          aria-label={label}
          value={field.value as string}
          onChange={(e) => {
            field.onChange(e.target.value);
            onChange?.(e.target.value);
          }}
        >
          {options.map((o) => (
            <FormControlLabel
              key={o.value}
              value={o.value}
              control={<Radio />}
              label={
                <Box>
                  <Typography>{o.label}</Typography>
                  {o.help && (
                    <Typography variant="body2" color="text.secondary">
                      {o.help}
                    </Typography>
                  )}
                </Box>
              }
            />
          ))}
        </RadioGroup>
      )}
    />
  );
}

/** The cluster picker: the clusters the company may place guests on (an offline one is shown, not offered). */
export function ClusterSelect({
  control,
  clusters,
  loading,
}: {
  control: Control<WizardValues>;
  clusters?: PlacementCluster[];
  loading?: boolean;
}) {
  const { t } = useTranslation();
  if (!clusters) {
    return loading ? <CircularProgress size={24} aria-label={t('common.loading')} /> : null;
  }
  if (clusters.length === 0) return <Alert severity="info">{t('vms.create.noClusters')}</Alert>;
  return (
    <FormTextField
      control={control}
      name="clusterId"
      select
      label={t('vms.fields.cluster')}
      sx={{ minWidth: 220 }}
    >
      {clusters.map((c) => (
        <MenuItem key={c.id} value={c.id} disabled={c.status === 'offline'}>
          {c.status === 'offline' ? t('vms.create.clusterOffline', { name: c.name }) : c.name}
        </MenuItem>
      ))}
    </FormTextField>
  );
}
