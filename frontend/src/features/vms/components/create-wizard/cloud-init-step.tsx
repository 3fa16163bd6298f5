import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import { Controller, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { WizardValues } from './wizard-schema';

/** Step 6: cloud-init user, password, keys and address; tags, description, start afterwards. */
export function CloudInitStep({ control }: { control: Control<WizardValues> }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
      <FormTextField control={control} name="ciUser" label={t('vms.create.ciUser')} />
      <FormTextField
        control={control}
        name="ciPassword"
        label={t('vms.create.ciPassword')}
        type="password"
        autoComplete="new-password"
      />
      <FormTextField
        control={control}
        name="ciSshKeys"
        label={t('vms.create.ciSshKeys')}
        multiline
        minRows={2}
        sx={{ gridColumn: { sm: 'span 2' } }}
      />
      <FormTextField
        control={control}
        name="ciIp"
        label={t('vms.create.ciIp')}
        helperText={t('vms.create.ciIpHelp')}
      />
      <FormTextField control={control} name="ciGw" label={t('vms.create.ciGw')} />
      <FormTextField control={control} name="dnsServers" label={t('vms.create.dnsServers')} />
      <FormTextField control={control} name="searchDomain" label={t('vms.create.searchDomain')} />
      <FormTextField
        control={control}
        name="tags"
        label={t('vms.fields.tags')}
        helperText={t('vms.create.tagsHelp')}
      />
      <FormTextField control={control} name="description" label={t('vms.create.description')} />
      <Controller
        control={control}
        name="start"
        render={({ field }) => (
          <FormControlLabel
            control={
              <Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
            }
            label={t('vms.create.startAfter')}
          />
        )}
      />
    </Box>
  );
}
