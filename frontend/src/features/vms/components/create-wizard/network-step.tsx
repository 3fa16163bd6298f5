import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import { useFieldArray, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import { NIC_MODELS } from '../vm-schemas';
import type { WizardValues } from './wizard-schema';

/** At most eight NICs, like the API. */
const MAX_NICS = 8;

/** Step 5: network cards (bridge, VLAN tag, model). */
export function NetworkStep({ control }: { control: Control<WizardValues> }) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control, name: 'networks' });
  return (
    <>
      {fields.map((f, i) => (
        <Box
          key={f.id}
          sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
        >
          <FormTextField
            control={control}
            name={`networks.${i}.bridge`}
            label={t('vms.network.bridge')}
            sx={{ width: 160 }}
          />
          <FormTextField
            control={control}
            name={`networks.${i}.vlan`}
            label={t('vms.network.vlan')}
            helperText={t('vms.network.vlanHelp')}
            sx={{ width: 200 }}
          />
          <FormTextField
            control={control}
            name={`networks.${i}.model`}
            select
            label={t('vms.network.model')}
            sx={{ width: 160 }}
          >
            {NIC_MODELS.map((m) => (
              <MenuItem key={m} value={m}>
                {m}
              </MenuItem>
            ))}
          </FormTextField>
          <IconButton
            aria-label={t('vms.network.remove', { index: i })}
            onClick={() => remove(i)}
            sx={{ mt: 1 }}
          >
            <DeleteOutline />
          </IconButton>
        </Box>
      ))}
      {fields.length < MAX_NICS && (
        <Button
          startIcon={<Add />}
          onClick={() => append({ bridge: 'vmbr0', vlan: '', model: 'virtio' })}
          sx={{ justifySelf: 'start' }}
        >
          {t('vms.network.add')}
        </Button>
      )}
    </>
  );
}
