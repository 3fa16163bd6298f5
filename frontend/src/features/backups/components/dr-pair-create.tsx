import { zodResolver } from '@hookform/resolvers/zod';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useCompanyOptions } from '@/lib/queries/companies';
import type { CreateDrPairInput } from '@multpanel/contracts';
import { useCreateDrPair, useDrClusterOptions } from '../api/dr-pairs';
import { useGuestOptions } from '../api/list-guest-options';

const whole = (min: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min, 'validation.wholeNumber');

const formSchema = z
  .object({
    companyId: z.string().min(1, 'validation.required'),
    name: z.string().trim().min(1, 'validation.required').max(100),
    sourceClusterId: z.string().min(1, 'validation.required'),
    targetClusterId: z.string().min(1, 'validation.required'),
    guestIds: z.array(z.string()).min(1, 'validation.required'),
    sourceStorage: z.string().trim().min(1, 'validation.required'),
    targetNode: z.string().trim().min(1, 'validation.required'),
    targetStorage: z.string().trim().min(1, 'validation.required'),
    policy: z.enum(['copy', 'standby']),
    standbyStorage: z.string().trim(),
    syncEveryMinutes: whole(5),
    staleAfterHours: whole(1),
  })
  .refine((v) => v.policy !== 'standby' || v.standbyStorage, {
    message: 'validation.required',
    path: ['standbyStorage'],
  });
type FormValues = z.infer<typeof formSchema>;

const toInput = (v: FormValues): CreateDrPairInput => ({
  ...v,
  enabled: true,
  standbyStorage: v.policy === 'standby' ? v.standbyStorage : null,
  syncEveryMinutes: Number(v.syncEveryMinutes),
  staleAfterHours: Number(v.staleAfterHours),
});

/** New DR pair: which guests, from which cluster's storage to which cluster, copy or standby. */
export function DrPairCreate({
  defaultCompanyId,
  onClose,
}: {
  defaultCompanyId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateDrPair();
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      companyId: defaultCompanyId,
      name: '',
      sourceClusterId: '',
      targetClusterId: '',
      guestIds: [],
      sourceStorage: '',
      targetNode: '',
      targetStorage: '',
      policy: 'copy',
      standbyStorage: '',
      syncEveryMinutes: '60',
      staleAfterHours: '26',
    },
  });
  const [companyId, policy] = useWatch({ control: form.control, name: ['companyId', 'policy'] });
  const companies = useCompanyOptions(!defaultCompanyId);
  const guests = useGuestOptions(companyId);
  const clusters = useDrClusterOptions(companyId);
  const clusterField = (name: 'sourceClusterId' | 'targetClusterId', label: string) => (
    <FormTextField control={form.control} name={name} select required label={label}>
      {(clusters.data ?? []).map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name}
        </MenuItem>
      ))}
    </FormTextField>
  );

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <Box
        component="form"
        noValidate
        onSubmit={form.handleSubmit((v) => create.mutate(toInput(v), { onSuccess: onClose }))}
      >
        <DialogTitle>{t('backups.dr.createTitle')}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
          <DialogContentText>{t('backups.dr.how')}</DialogContentText>
          <ErrorAlert error={create.error} />
          {!defaultCompanyId && (
            <FormTextField
              control={form.control}
              name="companyId"
              select
              required
              label={t('backups.fields.company')}
            >
              {(companies.data ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </FormTextField>
          )}
          <FormTextField
            control={form.control}
            name="name"
            label={t('backups.fields.name')}
            required
          />
          <Controller
            control={form.control}
            name="guestIds"
            render={({ field, fieldState }) => (
              <Autocomplete
                multiple
                options={guests.data ?? []}
                getOptionLabel={(o) => o.label}
                value={(guests.data ?? []).filter((o) => field.value.includes(o.id))}
                onChange={(_, v) => field.onChange(v.map((o) => o.id))}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    required
                    error={!!fieldState.error}
                    label={t('backups.fields.guests')}
                  />
                )}
              />
            )}
          />
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
            {clusterField('sourceClusterId', t('backups.dr.sourceCluster'))}
            <FormTextField
              control={form.control}
              name="sourceStorage"
              required
              label={t('backups.dr.sourceStorage')}
            />
            {clusterField('targetClusterId', t('backups.dr.targetCluster'))}
            <FormTextField
              control={form.control}
              name="targetStorage"
              required
              label={t('backups.dr.targetStorage')}
            />
            <FormTextField
              control={form.control}
              name="targetNode"
              required
              label={t('backups.dr.targetNode')}
            />
            <FormTextField
              control={form.control}
              name="policy"
              select
              label={t('backups.dr.policy')}
            >
              {(['copy', 'standby'] as const).map((p) => (
                <MenuItem key={p} value={p}>
                  {t(`backups.dr.policies.${p}`)}
                </MenuItem>
              ))}
            </FormTextField>
            {policy === 'standby' && (
              <FormTextField
                control={form.control}
                name="standbyStorage"
                required
                label={t('backups.dr.standbyStorage')}
              />
            )}
            <FormTextField
              control={form.control}
              name="syncEveryMinutes"
              label={t('backups.dr.syncEvery')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <FormTextField
              control={form.control}
              name="staleAfterHours"
              label={t('backups.dr.staleAfter')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            {t('common.create')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
