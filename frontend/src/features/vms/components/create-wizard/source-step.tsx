import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { Controller, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useMedia, type TemplateDto } from '@/lib/queries/templates';
import type { PlacementCluster } from '../../api/placement';
import { formatBytes } from '../format';
import { ClusterSelect, RadioField } from './wizard-fields';
import type { WizardValues } from './wizard-schema';

/** Step 2: clone a template, or install from an ISO (VMs) or a container template (containers). */
export function SourceStep({
  control,
  values,
  templates,
  templatesLoading,
  templatesError,
  clusters,
  clustersLoading,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  templates: TemplateDto[];
  templatesLoading: boolean;
  templatesError: unknown;
  clusters?: PlacementCluster[];
  clustersLoading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <RadioField
        control={control}
        name="sourceType"
        label={t('vms.create.sourceLabel')}
        options={[
          { value: 'template', label: t('vms.create.sources.template') },
          values.kind === 'qemu'
            ? { value: 'iso', label: t('vms.create.sources.iso') }
            : { value: 'ostemplate', label: t('vms.create.sources.ostemplate') },
        ]}
      />
      {values.sourceType === 'template' ? (
        <TemplatePicker
          control={control}
          templates={templates.filter((tpl) => tpl.kind === values.kind)}
          loading={templatesLoading}
          error={templatesError}
        />
      ) : (
        <MediaPicker
          control={control}
          values={values}
          clusters={clusters}
          clustersLoading={clustersLoading}
        />
      )}
    </>
  );
}

function TemplatePicker({
  control,
  templates,
  loading,
  error,
}: {
  control: Control<WizardValues>;
  templates: TemplateDto[];
  loading: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={error} />
      {!loading && templates.length === 0 && (
        <Alert severity="info">{t('vms.create.noTemplates')}</Alert>
      )}
      <Controller
        control={control}
        name="templateId"
        render={({ field, fieldState }) => (
          <Box>
            <RadioGroup
              aria-label={t('vms.create.templateLabel')}
              value={field.value}
              onChange={(e) => field.onChange(e.target.value)}
            >
              {templates.map((tpl) => (
                <FormControlLabel
                  key={tpl.id}
                  value={tpl.id}
                  control={<Radio />}
                  label={`${tpl.name} — ${tpl.clusterName}${tpl.windowsGpu ? ` · ${t('vms.create.windowsGpu')}` : ''}`}
                />
              ))}
            </RadioGroup>
            {fieldState.error?.message && (
              <FormHelperText error>{t(fieldState.error.message)}</FormHelperText>
            )}
          </Box>
        )}
      />
      <Controller
        control={control}
        name="fullClone"
        render={({ field }) => (
          <FormControlLabel
            control={
              <Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
            }
            label={t('vms.create.fullCloneHelp')}
          />
        )}
      />
    </>
  );
}

function MediaPicker({
  control,
  values,
  clusters,
  clustersLoading,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  clusters?: PlacementCluster[];
  clustersLoading?: boolean;
}) {
  const { t } = useTranslation();
  const iso = values.sourceType === 'iso';
  const media = useMedia({ clusterId: values.clusterId, kind: iso ? 'iso' : 'vztmpl' }, !!clusters);
  const loaded = media.data ?? [];
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <ClusterSelect control={control} clusters={clusters} loading={clustersLoading} />
      <ErrorAlert error={media.error} />
      {values.clusterId && media.isSuccess && loaded.length === 0 && (
        <Alert severity="info">
          {t(iso ? 'vms.create.noIsos' : 'vms.create.noContainerTemplates')}
        </Alert>
      )}
      {values.clusterId && loaded.length > 0 && (
        <FormTextField
          control={control}
          name={iso ? 'isoVolid' : 'ostemplateVolid'}
          select
          label={t(iso ? 'vms.create.sources.iso' : 'vms.create.sources.ostemplate')}
          sx={{ minWidth: 320 }}
        >
          {loaded.map((m) => (
            <MenuItem key={`${m.node}:${m.volid}`} value={m.volid}>
              {m.size
                ? t('vms.create.mediaEntry', {
                    name: mediaName(m.volid),
                    size: formatBytes(m.size),
                  })
                : mediaName(m.volid)}
            </MenuItem>
          ))}
        </FormTextField>
      )}
    </Box>
  );
}

/** "local:iso/debian-12.iso" → "debian-12.iso (local)": the file first, its storage after. */
function mediaName(volid: string): string {
  const [storage, rest = volid] = volid.split(/:(.*)/s);
  return `${rest.replace(/^(iso|vztmpl)\//, '')} (${storage})`;
}
