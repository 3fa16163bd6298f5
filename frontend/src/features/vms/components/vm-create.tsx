import { zodResolver } from '@hookform/resolvers/zod';
import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Controller,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldPath,
  type Resolver,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { useMedia, useTemplates } from '@/lib/queries/templates';
import { isApiError } from '@/lib/api-error';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import { newIdempotencyKey, useCreateVm } from '../api/create-vm';
import { useClusterOptions } from '../api/list-options';
import { GpuMappingField } from './vm-gpu-mapping-field';
import {
  WIZARD_STEPS,
  contractProblems,
  defaultWizardValues,
  stepSchemas,
  toCreateInput,
  type WizardStep,
  type WizardValues,
} from './vm-create-schema';

/** Create a VM or container: kind → source → placement → resources → network → cloud-init → review. */
export function VmCreatePage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const session = useSession();
  const ownCompany = session.status === 'authenticated' ? session.user.companyId : null;
  const isStaff = authz.role === 'super_admin' || authz.role === 'salesperson';
  const companies = useCompanyOptions(isStaff);
  const clusters = useClusterOptions(authz.has(perm.clustersRead));
  const [stepIndex, setStepIndex] = useState(0);
  const step = WIZARD_STEPS[stepIndex]!;
  // The resolver judges only the current step; a ref keeps it stable for react-hook-form.
  const stepRef = useRef<WizardStep>(step);
  stepRef.current = step;
  const resolver = useMemo<Resolver<WizardValues>>(
    () => (values, ctx, options) =>
      (zodResolver(stepSchemas[stepRef.current] as never) as Resolver<WizardValues>)(
        values,
        ctx,
        options,
      ),
    [],
  );
  const form = useForm<WizardValues>({
    resolver,
    defaultValues: defaultWizardValues(ownCompany ?? ''),
    mode: 'onTouched',
  });
  const values = useWatch({ control: form.control }) as WizardValues;
  const templates = useTemplates({ companyId: values.companyId || undefined }, !!values.companyId);
  const template = templates.data?.find((tpl) => tpl.id === values.templateId);
  // A template fixes the cluster; manual placement then only asks for the node.
  const templateClusterId = values.sourceType === 'template' ? template?.clusterId : undefined;
  useEffect(() => {
    if (templateClusterId && form.getValues('clusterId') !== templateClusterId)
      form.setValue('clusterId', templateClusterId);
  }, [form, templateClusterId]);

  // One key per attempt: retrying after a network error or 5xx reuses it, so the API can never
  // create a second guest; a 4xx created nothing, so the corrected retry gets a fresh key.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateVm();
  const [job, setJob] = useState<Job | null>(null);
  const [finished, setFinished] = useState<Job | null>(null);

  const next = async () => {
    if (await form.trigger()) setStepIndex((i) => Math.min(i + 1, WIZARD_STEPS.length - 1));
  };
  const input = step === 'review' ? toCreateInput(form.getValues(), template) : null;
  const problems = input ? contractProblems(input) : [];

  const submit = () => {
    if (!input || problems.length) return;
    create.mutate(
      { input, idempotencyKey },
      {
        onSuccess: (answer) => setJob(answer.job),
        onError: (error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) {
            setIdempotencyKey(newIdempotencyKey());
          }
        },
      },
    );
  };

  if (job) {
    const vmId = create.data?.vmId ?? job.guestId;
    return (
      <>
        <PageHeader title={t('vms.create.title')} subtitle={input?.name ?? values.name} />
        <Card>
          <CardContent sx={{ display: 'grid', gap: 2 }}>
            <JobProgress jobId={job.id} initial={job} onDone={setFinished} showLog />
            {finished?.status === 'succeeded' && vmId && (
              <Alert
                severity="success"
                action={
                  <Button component={RouterLink} to={`/vms/${vmId}`} color="inherit">
                    {t('vms.create.openGuest')}
                  </Button>
                }
              >
                {t('vms.create.done', { name: values.name })}
              </Alert>
            )}
            {finished && finished.status !== 'succeeded' && (
              <Button component={RouterLink} to="/vms" sx={{ justifySelf: 'start' }}>
                {t('vms.backToList')}
              </Button>
            )}
          </CardContent>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('vms.create.title')} subtitle={t('vms.create.subtitle')} />
      <Stepper activeStep={stepIndex} alternativeLabel sx={{ mb: 3 }}>
        {WIZARD_STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`vms.create.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Card>
        <CardContent
          component="form"
          noValidate
          aria-label={t(`vms.create.steps.${step}`)}
          onSubmit={(e) => {
            e.preventDefault();
            if (step === 'review') submit();
            else void next();
          }}
          sx={{ display: 'grid', gap: 2 }}
        >
          <Typography variant="h5" component="h2">
            {t(`vms.create.steps.${step}`)}
          </Typography>

          {step === 'kind' && (
            <>
              {isStaff ? (
                <FormTextField
                  control={form.control}
                  name="companyId"
                  select
                  label={t('vms.fields.company')}
                >
                  {(companies.data ?? []).map((c) => (
                    <MenuItem key={c.id} value={c.id}>
                      {c.name}
                    </MenuItem>
                  ))}
                </FormTextField>
              ) : null}
              <RadioField
                control={form.control}
                name="kind"
                label={t('vms.create.kindLabel')}
                options={[
                  { value: 'qemu', label: t('vms.kind.qemu'), help: t('vms.create.kindQemuHelp') },
                  { value: 'lxc', label: t('vms.kind.lxc'), help: t('vms.create.kindLxcHelp') },
                ]}
                onChange={(kind) => {
                  form.setValue('sourceType', 'template');
                  form.setValue('templateId', '');
                  if (kind === 'lxc') form.setValue('ciIp', 'dhcp');
                }}
              />
            </>
          )}

          {step === 'source' && (
            <>
              <RadioField
                control={form.control}
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
                  control={form.control}
                  templates={(templates.data ?? []).filter((tpl) => tpl.kind === values.kind)}
                  loading={templates.isLoading}
                  error={templates.error}
                />
              ) : (
                <MediaPicker control={form.control} values={values} clusters={clusters.data} />
              )}
            </>
          )}

          {step === 'placement' && (
            <>
              <RadioField
                control={form.control}
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
                    <ClusterSelect control={form.control} clusters={clusters.data} />
                  )}
                  <FormTextField
                    control={form.control}
                    name="node"
                    label={t('vms.fields.node')}
                    sx={{ width: 200 }}
                  />
                </Box>
              )}
            </>
          )}

          {step === 'resources' && (
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
              <FormTextField
                control={form.control}
                name="name"
                label={t('vms.fields.name')}
                required
                autoFocus
              />
              <FormTextField
                control={form.control}
                name="cores"
                label={t('vms.fields.cores')}
                type="number"
              />
              <FormTextField
                control={form.control}
                name="memoryMb"
                label={t('vms.fields.memoryMb')}
                type="number"
              />
              <FormTextField
                control={form.control}
                name="diskGb"
                label={t('vms.fields.diskGb')}
                type="number"
              />
              <FormTextField
                control={form.control}
                name="storage"
                label={t('vms.hardware.storage')}
                helperText={t('vms.create.storageHelp')}
              />
              {values.sourceType === 'template' && template?.windowsGpu && (
                <GpuMappingField
                  control={form.control}
                  clusterId={template.clusterId}
                  companyId={values.companyId}
                  node={values.placement === 'manual' ? values.node.trim() : ''}
                  value={values.gpuMapping}
                />
              )}
            </Box>
          )}

          {step === 'network' && <NetworkFields control={form.control} />}

          {step === 'cloudInit' && (
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
              <FormTextField control={form.control} name="ciUser" label={t('vms.create.ciUser')} />
              <FormTextField
                control={form.control}
                name="ciPassword"
                label={t('vms.create.ciPassword')}
                type="password"
                autoComplete="new-password"
              />
              <FormTextField
                control={form.control}
                name="ciSshKeys"
                label={t('vms.create.ciSshKeys')}
                multiline
                minRows={2}
                sx={{ gridColumn: { sm: 'span 2' } }}
              />
              <FormTextField
                control={form.control}
                name="ciIp"
                label={t('vms.create.ciIp')}
                helperText={t('vms.create.ciIpHelp')}
              />
              <FormTextField control={form.control} name="ciGw" label={t('vms.create.ciGw')} />
              <FormTextField
                control={form.control}
                name="dnsServers"
                label={t('vms.create.dnsServers')}
              />
              <FormTextField
                control={form.control}
                name="searchDomain"
                label={t('vms.create.searchDomain')}
              />
              <FormTextField
                control={form.control}
                name="tags"
                label={t('vms.fields.tags')}
                helperText={t('vms.create.tagsHelp')}
              />
              <FormTextField
                control={form.control}
                name="description"
                label={t('vms.create.description')}
              />
              <Controller
                control={form.control}
                name="start"
                render={({ field }) => (
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={field.value}
                        onChange={(e) => field.onChange(e.target.checked)}
                      />
                    }
                    label={t('vms.create.startAfter')}
                  />
                )}
              />
            </Box>
          )}

          {step === 'review' && input && (
            <>
              <Table size="small" aria-label={t('vms.create.steps.review')}>
                <TableBody>
                  <ReviewRow label={t('vms.fields.name')} value={input.name} />
                  <ReviewRow label={t('vms.fields.type')} value={t(`vms.kind.${input.kind}`)} />
                  <ReviewRow
                    label={t('vms.create.steps.source')}
                    value={
                      input.source.type === 'template'
                        ? `${template?.name ?? input.source.templateId} (${t(
                            input.source.full ? 'vms.create.fullClone' : 'vms.create.linkedClone',
                          )})`
                        : input.source.type === 'iso'
                          ? input.source.isoVolid
                          : input.source.volid
                    }
                  />
                  <ReviewRow
                    label={t('vms.create.steps.placement')}
                    value={input.node ? input.node : t('vms.create.placementAuto')}
                  />
                  <ReviewRow
                    label={t('vms.create.steps.resources')}
                    value={t('vms.create.resourcesSummary', {
                      cores: input.cores,
                      memory: input.memoryMb,
                      disk: input.disks[0]?.sizeGb,
                    })}
                  />
                  <ReviewRow
                    label={t('vms.create.steps.network')}
                    value={input.networks
                      .map((n) => (n.vlan ? `${n.bridge} (VLAN ${n.vlan})` : n.bridge))
                      .join(', ')}
                  />
                  {input.gpuMapping && (
                    <ReviewRow label={t('vms.create.gpuMapping')} value={input.gpuMapping} />
                  )}
                  <ReviewRow
                    label={t('vms.create.startAfter')}
                    value={input.start ? t('vms.create.yes') : t('vms.create.no')}
                  />
                </TableBody>
              </Table>
              {problems.length > 0 && (
                <Alert severity="error" data-testid="contract-problems">
                  {problems.join('; ')}
                </Alert>
              )}
              <ErrorAlert error={create.error} />
            </>
          )}

          <Box sx={{ display: 'flex', gap: 1, justifyContent: 'space-between', mt: 1 }}>
            <Button
              onClick={() => setStepIndex((i) => Math.max(0, i - 1))}
              disabled={stepIndex === 0 || create.isPending}
            >
              {t('common.back')}
            </Button>
            {step === 'review' ? (
              <Button
                type="submit"
                variant="contained"
                disabled={create.isPending || problems.length > 0}
              >
                {t('vms.create.submit')}
              </Button>
            ) : (
              <Button type="submit" variant="contained">
                {t('vms.create.next')}
              </Button>
            )}
          </Box>
        </CardContent>
      </Card>
    </>
  );
}

function ReviewRow({ label, value }: { label: string; value: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ width: 200, fontWeight: 600 }}>
        {label}
      </TableCell>
      <TableCell>{value}</TableCell>
    </TableRow>
  );
}

function RadioField<N extends FieldPath<WizardValues>>({
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

function TemplatePicker({
  control,
  templates,
  loading,
  error,
}: {
  control: Control<WizardValues>;
  templates: Array<{
    id: string;
    name: string;
    clusterName: string;
    node: string;
    windowsGpu: boolean;
  }>;
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

function ClusterSelect({
  control,
  clusters,
}: {
  control: Control<WizardValues>;
  clusters?: Array<{ id: string; name: string }>;
}) {
  const { t } = useTranslation();
  if (!clusters) return <Alert severity="info">{t('vms.create.noClusterAccess')}</Alert>;
  return (
    <FormTextField
      control={control}
      name="clusterId"
      select
      label={t('vms.fields.cluster')}
      sx={{ minWidth: 220 }}
    >
      {clusters.map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name}
        </MenuItem>
      ))}
    </FormTextField>
  );
}

function MediaPicker({
  control,
  values,
  clusters,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  clusters?: Array<{ id: string; name: string }>;
}) {
  const { t } = useTranslation();
  const kind = values.sourceType === 'iso' ? 'iso' : 'vztmpl';
  const media = useMedia({ clusterId: values.clusterId, kind }, !!clusters);
  const name = values.sourceType === 'iso' ? 'isoVolid' : 'ostemplateVolid';
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <ClusterSelect control={control} clusters={clusters} />
      {values.clusterId && (
        <FormTextField
          control={control}
          name={name}
          select
          label={t(
            values.sourceType === 'iso'
              ? 'vms.create.sources.iso'
              : 'vms.create.sources.ostemplate',
          )}
          sx={{ minWidth: 320 }}
        >
          {(media.data ?? []).map((m) => (
            <MenuItem key={`${m.node}:${m.volid}`} value={m.volid}>
              {m.volid}
            </MenuItem>
          ))}
        </FormTextField>
      )}
    </Box>
  );
}

function NetworkFields({ control }: { control: Control<WizardValues> }) {
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
            {['virtio', 'e1000', 'rtl8139', 'vmxnet3'].map((m) => (
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
      {fields.length < 8 && (
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
