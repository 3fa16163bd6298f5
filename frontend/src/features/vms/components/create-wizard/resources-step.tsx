import Box from '@mui/material/Box';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { TemplateDto } from '@/lib/queries/templates';
import { GpuMappingField } from './gpu-mapping-field';
import type { WizardValues } from './wizard-schema';

/** Step 4: name, CPU, memory, disk (and the GPU of a "Windows + GPU" template). */
export function ResourcesStep({
  control,
  values,
  template,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  template?: TemplateDto;
}) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
      <FormTextField
        control={control}
        name="name"
        label={t('vms.fields.name')}
        required
        autoFocus
      />
      <FormTextField control={control} name="cores" label={t('vms.fields.cores')} type="number" />
      <FormTextField
        control={control}
        name="memoryMb"
        label={t('vms.fields.memoryMb')}
        type="number"
      />
      <FormTextField control={control} name="diskGb" label={t('vms.fields.diskGb')} type="number" />
      <FormTextField
        control={control}
        name="storage"
        label={t('vms.hardware.storage')}
        helperText={t('vms.create.storageHelp')}
      />
      {values.sourceType === 'template' && template?.windowsGpu && (
        <GpuMappingField
          control={control}
          clusterId={template.clusterId}
          companyId={values.companyId}
          node={values.placement === 'manual' ? values.node.trim() : ''}
          value={values.gpuMapping}
        />
      )}
    </Box>
  );
}
