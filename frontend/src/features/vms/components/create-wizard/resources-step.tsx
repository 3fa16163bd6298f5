import type { CompanyQuota } from '@multpanel/contracts';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import { headroom } from '@/lib/queries/quota';
import type { TemplateDto } from '@/lib/queries/templates';
import type { PlacementResources } from '../../api/placement';
import { formatBytes } from '../format';
import { GpuMappingField } from './gpu-mapping-field';
import { storageChoices } from './placement-options';
import { gibToMib, isBulk, KIND_DEFAULTS, MAX_BULK, type WizardValues } from './wizard-schema';

const GIB = 1024 ** 3;

/**
 * Step 4: name, CPU, memory and disk in GiB with what the company has left of each limit, the
 * storage from the cluster's (and the GPU of a "Windows + GPU" template).
 */
export function ResourcesStep({
  control,
  values,
  template,
  resources,
  quota,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  template?: TemplateDto;
  resources?: PlacementResources;
  quota?: CompanyQuota;
}) {
  const { t } = useTranslation();
  const node = values.placement === 'manual' ? values.node.trim() : '';
  const storages =
    resources && resources.clusterId === values.clusterId
      ? storageChoices(resources, node, values.kind)
      : null;
  const defaults = KIND_DEFAULTS[values.kind];
  const left = {
    guests: headroom(quota, 'guests'),
    vcpus: headroom(quota, 'vcpus'),
    memoryMb: headroom(quota, 'memoryMb'),
    diskGb: headroom(quota, 'diskGb'),
  };
  /** "Default 2 · 6 left": the default, then the headroom (red when the request exceeds it). */
  const help = (def: string, leftText: string | null) =>
    [t('vms.create.defaultValue', { value: def }), leftText].filter(Boolean).join(' · ');
  const over = {
    vcpus: left.vcpus !== null && Number(values.cores) > left.vcpus,
    memoryMb: left.memoryMb !== null && gibToMib(values.memoryGb) > left.memoryMb,
    diskGb: left.diskGb !== null && Number(values.diskGb) > left.diskGb,
  };
  const anyOver = over.vcpus || over.memoryMb || over.diskGb || left.guests === 0;
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
      {left.guests !== null && (
        <Alert
          severity={left.guests === 0 ? 'warning' : 'info'}
          sx={{ gridColumn: { sm: 'span 2' } }}
          data-testid="quota-headroom"
        >
          {t('vms.create.guestsLeft', { count: left.guests })}
        </Alert>
      )}
      <FormTextField
        control={control}
        name="name"
        label={t('vms.fields.name')}
        required
        autoFocus
      />
      <FormTextField
        control={control}
        name="count"
        label={t('vms.create.count')}
        type="number"
        helperText={
          isBulk(values.count) && values.name.trim()
            ? t('vms.create.countBulkHelp', {
                first: `${values.name.trim()}-1`,
                last: `${values.name.trim()}-${values.count.trim()}`,
              })
            : t('vms.create.countHelp', { max: MAX_BULK })
        }
        inputProps={{ min: 1, max: MAX_BULK }}
      />
      <FormTextField
        control={control}
        name="cores"
        label={t('vms.fields.cores')}
        type="number"
        helperText={help(
          defaults.cores,
          left.vcpus === null ? null : t('vms.create.vcpusLeft', { count: left.vcpus }),
        )}
        FormHelperTextProps={{ error: over.vcpus }}
      />
      <FormTextField
        control={control}
        name="memoryGb"
        label={t('vms.fields.memoryGb')}
        type="number"
        inputProps={{ step: 0.5, min: 0.0625 }}
        helperText={help(
          `${defaults.memoryGb} GiB`,
          left.memoryMb === null
            ? null
            : t('vms.create.left', { value: formatBytes(left.memoryMb * 1024 * 1024) }),
        )}
        FormHelperTextProps={{ error: over.memoryMb }}
      />
      <FormTextField
        control={control}
        name="diskGb"
        label={t('vms.fields.diskGb')}
        type="number"
        helperText={help(
          `${defaults.diskGb} GiB`,
          left.diskGb === null
            ? null
            : t('vms.create.left', { value: formatBytes(left.diskGb * GIB) }),
        )}
        FormHelperTextProps={{ error: over.diskGb }}
      />
      {storages ? (
        <FormTextField
          control={control}
          name="storage"
          select
          label={t('vms.hardware.storage')}
          helperText={t('vms.create.storagePickHelp')}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
        >
          <MenuItem value="">{t('vms.create.storageDefault')}</MenuItem>
          {storages.map((st) => (
            <MenuItem key={st.storage} value={st.storage}>
              {st.availBytes === null
                ? st.storage
                : t('vms.create.storageFree', {
                    storage: st.storage,
                    free: formatBytes(st.availBytes),
                  })}
            </MenuItem>
          ))}
        </FormTextField>
      ) : (
        <FormTextField
          control={control}
          name="storage"
          label={t('vms.hardware.storage')}
          helperText={t('vms.create.storageHelp')}
        />
      )}
      {anyOver && (
        <Alert severity="warning" sx={{ gridColumn: { sm: 'span 2' } }}>
          {t('vms.create.overQuota')}
        </Alert>
      )}
      {values.sourceType === 'template' && template?.windowsGpu && (
        <GpuMappingField
          control={control}
          clusterId={template.clusterId}
          companyId={values.companyId}
          node={node}
          value={values.gpuMapping}
        />
      )}
    </Box>
  );
}
