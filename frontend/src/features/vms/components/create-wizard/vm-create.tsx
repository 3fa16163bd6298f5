import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { BulkCreateProgress } from './bulk-create-progress';
import { CloudInitStep } from './cloud-init-step';
import { CreateProgress } from './create-progress';
import { KindStep } from './kind-step';
import { NetworkStep } from './network-step';
import { PlacementStep } from './placement-step';
import { ResourcesStep } from './resources-step';
import { ReviewStep } from './review-step';
import { SourceStep } from './source-step';
import { useCreateWizard, type CreateWizard } from './use-create-wizard';
import { WIZARD_STEPS } from './wizard-schema';

/** Create a VM or container: kind → source → placement → resources → network → cloud-init → review. */
export function VmCreatePage() {
  const { t } = useTranslation();
  const wizard = useCreateWizard();
  const { step, stepIndex, create } = wizard;

  if (wizard.bulkResults) {
    return <BulkCreateProgress results={wizard.bulkResults} name={wizard.values.name.trim()} />;
  }
  if (wizard.job) {
    return (
      <CreateProgress
        job={wizard.job}
        vmId={create.data?.vmId ?? wizard.job.guestId}
        name={wizard.input?.name ?? wizard.values.name}
      />
    );
  }

  return (
    <>
      <PageHeader
        title={t(wizard.values.kind === 'lxc' ? 'vms.create.titleLxc' : 'vms.create.title')}
        subtitle={t('vms.create.subtitle')}
      />
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
            if (step === 'review') wizard.submit();
            else void wizard.next();
          }}
          sx={{ display: 'grid', gap: 2 }}
        >
          <Typography variant="h5" component="h2">
            {t(`vms.create.steps.${step}`)}
          </Typography>
          <CurrentStep wizard={wizard} />
          <Box sx={{ display: 'flex', gap: 1, justifyContent: 'space-between', mt: 1 }}>
            <Button onClick={wizard.back} disabled={stepIndex === 0 || wizard.pending}>
              {t('common.back')}
            </Button>
            {step === 'review' ? (
              <Button
                type="submit"
                variant="contained"
                disabled={wizard.pending || wizard.problems.length > 0}
              >
                {wizard.count > 1
                  ? t('vms.create.submitBulk', { count: wizard.count })
                  : t('vms.create.submit')}
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

/** One component per step; each gets only what it shows. */
function CurrentStep({ wizard }: { wizard: CreateWizard }) {
  const { form, values, template, templates } = wizard;
  const control = form.control;
  const clusters = wizard.clusters.data;
  const resources = wizard.resources.data;
  switch (wizard.step) {
    case 'kind':
      return (
        <KindStep
          control={control}
          setValue={form.setValue}
          companies={wizard.isStaff ? (wizard.companies.data ?? []) : undefined}
        />
      );
    case 'source':
      return (
        <SourceStep
          control={control}
          values={values}
          templates={templates.data ?? []}
          templatesLoading={templates.isLoading}
          templatesError={templates.error}
          clusters={clusters}
          clustersLoading={wizard.clusters.isLoading}
        />
      );
    case 'placement':
      return (
        <PlacementStep
          control={control}
          values={values}
          template={template}
          clusters={clusters}
          clustersLoading={wizard.clusters.isLoading}
          resources={resources}
        />
      );
    case 'resources':
      return (
        <ResourcesStep
          control={control}
          values={values}
          template={template}
          resources={resources}
          quota={wizard.quota.data}
        />
      );
    case 'network':
      return <NetworkStep control={control} values={values} resources={resources} />;
    case 'cloudInit':
      return <CloudInitStep control={control} />;
    case 'review':
      return wizard.input ? (
        <ReviewStep
          input={wizard.input}
          count={wizard.count}
          template={template}
          problems={wizard.problems}
          error={wizard.error}
        />
      ) : null;
  }
}
