import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { TemplateDto } from '@/lib/queries/templates';
import type { PlacementCluster, PlacementResources } from '../../api/placement';
import { ClusterSelect, RadioField } from './wizard-fields';
import type { WizardValues } from './wizard-schema';

/** Step 3: let the platform place the guest, or pick the node (and cluster, unless a template fixes it). */
export function PlacementStep({
  control,
  values,
  template,
  clusters,
  clustersLoading,
  resources,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  template?: TemplateDto;
  clusters?: PlacementCluster[];
  clustersLoading?: boolean;
  /** The cluster's nodes; undefined while loading or when they could not be read (free text). */
  resources?: PlacementResources;
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
            <ClusterSelect control={control} clusters={clusters} loading={clustersLoading} />
          )}
          {resources && resources.clusterId === values.clusterId ? (
            <FormTextField
              control={control}
              name="node"
              select
              label={t('vms.fields.node')}
              sx={{ minWidth: 200 }}
            >
              {resources.nodes.map((n) => (
                <MenuItem key={n.node} value={n.node} disabled={!n.online}>
                  {n.online ? n.node : t('vms.create.nodeOffline', { node: n.node })}
                </MenuItem>
              ))}
            </FormTextField>
          ) : (
            <FormTextField
              control={control}
              name="node"
              label={t('vms.fields.node')}
              sx={{ width: 200 }}
            />
          )}
        </Box>
      )}
    </>
  );
}
