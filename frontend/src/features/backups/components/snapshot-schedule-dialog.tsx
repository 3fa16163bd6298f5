import { zodResolver } from '@hookform/resolvers/zod';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useCompanyOptions } from '@/lib/queries/companies';
import type { CreateSnapshotScheduleInput } from '@multpanel/contracts';
import { useGuestOptions } from '../api/list-guest-options';
import { useCreateSnapshotSchedule } from '../api/snapshot-schedules';
import { CronPreviewBox } from './cron-preview';

const whole = (min: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min, 'validation.wholeNumber');

const formSchema = z.object({
  companyId: z.string().min(1, 'validation.required'),
  name: z.string().trim().min(1, 'validation.required').max(100),
  allGuests: z.boolean(),
  guestIds: z.array(z.string()),
  tags: z.string(),
  cron: z.string().trim().min(1, 'validation.required'),
  timezone: z.string().trim().min(1, 'validation.required'),
  keepLast: whole(1),
  maxAgeHours: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1), 'validation.wholeNumber'),
  includeRam: z.boolean(),
});
type FormValues = z.infer<typeof formSchema>;

function toInput(v: FormValues): CreateSnapshotScheduleInput {
  const tags = v.tags
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    companyId: v.companyId,
    name: v.name,
    enabled: true,
    selection: v.allGuests
      ? { allGuests: true }
      : {
          ...(v.guestIds.length ? { guestIds: v.guestIds } : {}),
          ...(tags.length ? { tags } : {}),
        },
    cron: v.cron,
    timezone: v.timezone,
    keepLast: Number(v.keepLast),
    maxAgeHours: v.maxAgeHours ? Number(v.maxAgeHours) : null,
    includeRam: v.includeRam,
  };
}

/** New snapshot schedule: company, which guests (all, picked or by tag), when, how many to keep. */
export function SnapshotScheduleDialog({
  defaultCompanyId,
  onClose,
}: {
  defaultCompanyId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateSnapshotSchedule();
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      companyId: defaultCompanyId,
      name: '',
      allGuests: true,
      guestIds: [],
      tags: '',
      cron: '0 * * * *',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      keepLast: '24',
      maxAgeHours: '',
      includeRam: false,
    },
  });
  const [companyId, cron, timezone, allGuests] = useWatch({
    control: form.control,
    name: ['companyId', 'cron', 'timezone', 'allGuests'],
  });
  const companies = useCompanyOptions(!defaultCompanyId);
  const guests = useGuestOptions(companyId);
  const toggle = (name: 'allGuests' | 'includeRam', label: string) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormControlLabel
          control={
            <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
          }
          label={label}
        />
      )}
    />
  );

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <Box
        component="form"
        noValidate
        onSubmit={form.handleSubmit((v) => create.mutate(toInput(v), { onSuccess: onClose }))}
      >
        <DialogTitle>{t('backups.snapshots.createTitle')}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
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
          {toggle('allGuests', t('backups.fields.allGuests'))}
          {!allGuests && (
            <>
              <Controller
                control={form.control}
                name="guestIds"
                render={({ field }) => (
                  <Autocomplete
                    multiple
                    options={guests.data ?? []}
                    getOptionLabel={(o) => o.label}
                    value={(guests.data ?? []).filter((o) => field.value.includes(o.id))}
                    onChange={(_, v) => field.onChange(v.map((o) => o.id))}
                    renderInput={(params) => (
                      <TextField {...params} label={t('backups.fields.guests')} />
                    )}
                  />
                )}
              />
              <FormTextField
                control={form.control}
                name="tags"
                label={t('backups.fields.tags')}
                helperText={t('backups.fields.tagsHelp')}
              />
            </>
          )}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '2fr 1fr' } }}>
            <FormTextField
              control={form.control}
              name="cron"
              label={t('backups.fields.cron')}
              required
            />
            <FormTextField
              control={form.control}
              name="timezone"
              label={t('backups.fields.timezone')}
              required
            />
          </Box>
          <CronPreviewBox cron={cron} timezone={timezone} />
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
            <FormTextField
              control={form.control}
              name="keepLast"
              label={t('backups.snapshots.keepLast')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <FormTextField
              control={form.control}
              name="maxAgeHours"
              label={t('backups.snapshots.maxAgeHours')}
              helperText={t('backups.snapshots.maxAgeHelp')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          </Box>
          {toggle('includeRam', t('backups.snapshots.includeRam'))}
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
