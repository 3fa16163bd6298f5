import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { TemplateDto } from '@/lib/queries/templates';
import type { Option } from '../../api/list-options';
import { ClusterSelect, RadioField } from './wizard-fields';
import type { WizardValues } from './wizard-schema';

/** Step 3: let the platform place the guest, or name the node (and cluster, unless a template fixes it). */
export function PlacementStep({
  control,
  values,
  template,
  clusters,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  template?: TemplateDto;
  clusters?: Option[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <RadioField
        control={control}
        name="placement"
        label={t('vms.create.placementLabel')}
        options={[
          {
            value: 'auto',
            label: t('vms.create.placementAuto'),
            help: t('vms.create.placementAutoHelp'),
          },
          { value: 'manual', label: t('vms.create.placementManual') },
        ]}
      />
      {values.placement === 'manual' && (
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          {values.sourceType === 'template' && template ? (
            <Typography sx={{ alignSelf: 'center' }}>
              {t('vms.create.templateCluster', { cluster: template.clusterName })}
            </Typography>
          ) : (
            <ClusterSelect control={control} clusters={clusters} />
          )}
          <FormTextField
            control={control}
            name="node"
            label={t('vms.fields.node')}
            sx={{ width: 200 }}
          />
        </Box>
      )}
    </>
  );
}
