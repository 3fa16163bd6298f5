import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import { isApiError } from '@/lib/api-error';
import { useAuthorization } from '@/lib/authorization';
import type { Job } from '@/lib/jobs/types';
import { perm } from '@/lib/permission-keys';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useTemplateOptions } from '@/lib/queries/templates';
import { useSession } from '@/lib/session-store';
import type { BulkCreateVmResult } from '@multpanel/contracts';
import { useBulkCreateVms } from '../../api/bulk-create-vms';
import { newIdempotencyKey, useCreateVm } from '../../api/create-vm';
import { usePlacementClusters, usePlacementResources } from '../../api/placement';
import { edgeNetworks } from './placement-options';
import { useCompanyQuotaRaw } from '@/lib/queries/quota';
import {
  WIZARD_STEPS,
  bulkProblems,
  contractProblems,
  defaultWizardValues,
  isBulk,
  stepSchemas,
  toCreateInput,
  type WizardStep,
  type WizardValues,
} from './wizard-schema';

/**
 * The create wizard's state: one react-hook-form over every step (the resolver judges only the
 * current step), the options the steps offer, and the submit with its idempotency key.
 */
export function useCreateWizard() {
  const authz = useAuthorization();
  const session = useSession();
  const ownCompany = session.status === 'authenticated' ? session.user.companyId : null;
  const isStaff = authz.role === 'super_admin' || authz.role === 'salesperson';
  const companies = useCompanyOptions(isStaff);
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
  // Clusters the chosen company may place guests on: the same list for staff and company admins.
  const clusters = usePlacementClusters(values.companyId, authz.has(perm.vmsCreate));
  // Nodes, storages and bridges of the cluster the guest goes to (chosen, or the template's).
  const resources = usePlacementResources(values.clusterId, values.companyId);
  const quota = useCompanyQuotaRaw(values.companyId || null);
  const templates = useTemplateOptions(values.companyId || undefined, !!values.companyId);
  const template = templates.data?.find((tpl) => tpl.id === values.templateId);
  // A template fixes the cluster; manual placement then only asks for the node.
  const templateClusterId = values.sourceType === 'template' ? template?.clusterId : undefined;
  useEffect(() => {
    if (templateClusterId && form.getValues('clusterId') !== templateClusterId)
      form.setValue('clusterId', templateClusterId);
  }, [form, templateClusterId]);

  // One cluster to choose from: choose it.
  const onlyCluster = clusters.data?.length === 1 ? clusters.data[0]!.id : undefined;
  useEffect(() => {
    if (onlyCluster && !form.getValues('clusterId')) form.setValue('clusterId', onlyCluster);
  }, [form, onlyCluster]);

  // The company's network edge on that cluster: an untouched default NIC goes to its LAN.
  const edge =
    resources.data && resources.data.clusterId === values.clusterId
      ? resources.data.guestNetwork
      : null;
  useEffect(() => {
    const nets = edgeNetworks(form.getValues('networks'), edge);
    if (nets) form.setValue('networks', nets);
  }, [form, edge]);

  // One key per attempt: retrying after a network error or 5xx reuses it, so the API can never
  // create a second guest; a 4xx created nothing, so the corrected retry gets a fresh key.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateVm();
  const bulk = useBulkCreateVms();
  const [job, setJob] = useState<Job | null>(null);
  const [bulkResults, setBulkResults] = useState<BulkCreateVmResult['results'] | null>(null);

  const input = step === 'review' ? toCreateInput(form.getValues(), template) : null;
  // More than one guest: the same body goes to bulk create with the count.
  const count = isBulk(values.count) ? Number(values.count) : 1;
  const problems = input ? (count > 1 ? bulkProblems(input, count) : contractProblems(input)) : [];
  /** A 4xx created nothing, so the corrected retry gets a fresh key. */
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status >= 400 && error.status < 500) {
      setIdempotencyKey(newIdempotencyKey());
    }
  };

  return {
    form,
    values,
    step,
    stepIndex,
    isStaff,
    companies,
    clusters,
    resources,
    quota,
    templates,
    template,
    input,
    problems,
    create,
    bulk,
    count,
    /** Whichever submit is running or last failed (one guest or bulk). */
    pending: create.isPending || bulk.isPending,
    error: count > 1 ? bulk.error : create.error,
    job,
    bulkResults,
    next: async () => {
      if (await form.trigger()) setStepIndex((i) => Math.min(i + 1, WIZARD_STEPS.length - 1));
    },
    back: () => setStepIndex((i) => Math.max(0, i - 1)),
    submit: () => {
      if (!input || problems.length) return;
      if (count > 1) {
        bulk.mutate(
          { input: { count, vm: input }, idempotencyKey },
          { onSuccess: (answer) => setBulkResults(answer.results), onError },
        );
        return;
      }
      create.mutate(
        { input, idempotencyKey },
        { onSuccess: (answer) => setJob(answer.job), onError },
      );
    },
  };
}

export type CreateWizard = ReturnType<typeof useCreateWizard>;
