import { zodResolver } from '@hookform/resolvers/zod';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useCompanyOptions } from '@/lib/queries/companies';
import {
  BACKUP_COMPRESSIONS,
  BACKUP_MODES,
  type BackupRetention,
  type BackupScheduleDto,
  type CreateBackupScheduleInput,
  RESTORE_TEST_PICKS,
} from '@multpanel/contracts';
import { useGuestOptions } from '../api/list-guest-options';
import { CronPreviewBox } from './cron-preview';

const RETENTION = [
  'keepLast',
  'keepHourly',
  'keepDaily',
  'keepWeekly',
  'keepMonthly',
  'keepYearly',
] as const;
const count = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1), 'validation.wholeNumber');

const formSchema = z
  .object({
    companyId: z.string().min(1, 'validation.required'),
    name: z.string().trim().min(1, 'validation.required').max(100),
    enabled: z.boolean(),
    cron: z.string().trim().min(1, 'validation.required'),
    timezone: z.string().trim().min(1, 'validation.required'),
    storage: z.string().trim().min(1, 'validation.required').max(64),
    mode: z.enum(BACKUP_MODES),
    compress: z.enum(BACKUP_COMPRESSIONS),
    notesTemplate: z.string().max(1024),
    protected: z.boolean(),
    windowMinutes: z
      .string()
      .trim()
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 5, 'validation.wholeNumber'),
    // empty: no cap beyond the per-node limit
    storageLimit: z
      .string()
      .trim()
      .refine(
        (v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64),
        'validation.wholeNumber',
      ),
    allGuests: z.boolean(),
    guestIds: z.array(z.string()),
    tags: z.string(),
    pool: z.string().trim().max(64),
    excludeGuestIds: z.array(z.string()),
    keepLast: count,
    keepHourly: count,
    keepDaily: count,
    keepWeekly: count,
    keepMonthly: count,
    keepYearly: count,
    // restore tests: off, or when (the schedule's time zone), where (empty: each guest's node),
    // time-out, which archive (newest, or random among those younger than the bound)
    restoreTestOn: z.boolean(),
    restoreTestCron: z.string().trim(),
    restoreTestNode: z.string().trim().max(64),
    restoreTestBootSec: z
      .string()
      .trim()
      .refine(
        (v) => /^\d+$/.test(v) && Number(v) >= 10 && Number(v) <= 3600,
        'backups.fields.restoreTestBootRange',
      ),
    restoreTestPick: z.enum(RESTORE_TEST_PICKS),
    restoreTestMaxAgeH: z
      .string()
      .trim()
      .refine(
        (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 24 * 365,
        'backups.fields.restoreTestMaxAgeRange',
      ),
  })
  .refine((v) => !v.restoreTestOn || v.restoreTestCron !== '', {
    path: ['restoreTestCron'],
    message: 'validation.required',
  });
type FormValues = z.infer<typeof formSchema>;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const toValues = (s: BackupScheduleDto | undefined, companyId: string): FormValues => ({
  companyId: s?.companyId ?? companyId,
  name: s?.name ?? 'Nightly',
  enabled: s?.enabled ?? true,
  cron: s?.cron ?? '0 2 * * *',
  timezone: s?.timezone ?? browserZone(),
  storage: s?.storage ?? 'local',
  mode: s?.mode ?? 'snapshot',
  compress: s?.compress ?? 'zstd',
  notesTemplate: s?.notesTemplate ?? '{{guestname}}',
  protected: s?.protected ?? false,
  windowMinutes: String(s?.windowMinutes ?? 360),
  storageLimit: s?.storageLimit?.toString() ?? '',
  allGuests: s?.selection.allGuests ?? !s,
  guestIds: s?.selection.guestIds ?? [],
  tags: (s?.selection.tags ?? []).join(', '),
  pool: s?.selection.pool ?? '',
  excludeGuestIds: s?.selection.excludeGuestIds ?? [],
  keepLast: s?.retention.keepLast?.toString() ?? (s ? '' : '3'),
  keepHourly: s?.retention.keepHourly?.toString() ?? '',
  keepDaily: s?.retention.keepDaily?.toString() ?? '',
  keepWeekly: s?.retention.keepWeekly?.toString() ?? '',
  keepMonthly: s?.retention.keepMonthly?.toString() ?? '',
  keepYearly: s?.retention.keepYearly?.toString() ?? '',
  restoreTestOn: Boolean(s?.restoreTest),
  restoreTestCron: s?.restoreTest?.cron ?? '0 6 * * 0',
  restoreTestNode: s?.restoreTest?.node ?? '',
  restoreTestBootSec: String(s?.restoreTest?.bootTimeoutSec ?? 300),
  restoreTestPick: s?.restoreTest?.pick ?? 'newest',
  restoreTestMaxAgeH: String(s?.restoreTest?.maxAgeHours ?? 168),
});

export const toScheduleInput = (v: FormValues): CreateBackupScheduleInput => {
  const retention: BackupRetention = {};
  for (const k of RETENTION) if (v[k]) retention[k] = Number(v[k]);
  const tags = v.tags
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    companyId: v.companyId,
    name: v.name,
    enabled: v.enabled,
    cron: v.cron,
    timezone: v.timezone,
    storage: v.storage,
    mode: v.mode,
    compress: v.compress,
    notesTemplate: v.notesTemplate || null,
    protected: v.protected,
    windowMinutes: Number(v.windowMinutes),
    storageLimit: v.storageLimit ? Number(v.storageLimit) : null,
    restoreTest: v.restoreTestOn
      ? {
          cron: v.restoreTestCron,
          node: v.restoreTestNode || null,
          bootTimeoutSec: Number(v.restoreTestBootSec),
          pick: v.restoreTestPick,
          maxAgeHours: Number(v.restoreTestMaxAgeH),
        }
      : null,
    retention,
    selection: {
      ...(v.allGuests ? { allGuests: true } : {}),
      ...(v.guestIds.length ? { guestIds: v.guestIds } : {}),
      ...(tags.length ? { tags } : {}),
      ...(v.pool ? { pool: v.pool } : {}),
      ...(v.excludeGuestIds.length ? { excludeGuestIds: v.excludeGuestIds } : {}),
    },
  };
};

/** Create/edit a backup schedule: company, what, when (with the next runs), where, retention. */
export function BackupScheduleForm({
  schedule,
  defaultCompanyId,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  schedule?: BackupScheduleDto;
  defaultCompanyId: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: CreateBackupScheduleInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: toValues(schedule, defaultCompanyId),
  });
  const [companyId, cron, timezone, allGuests, restoreTestOn, restoreTestPick] = useWatch({
    control: form.control,
    name: ['companyId', 'cron', 'timezone', 'allGuests', 'restoreTestOn', 'restoreTestPick'],
  });
  const companies = useCompanyOptions(!defaultCompanyId && !schedule);
  const guests = useGuestOptions(companyId);
  const guestPicker = (name: 'guestIds' | 'excludeGuestIds', label: string) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <Autocomplete
          multiple
          options={guests.data ?? []}
          getOptionLabel={(o) => o.label}
          value={(guests.data ?? []).filter((o) => field.value.includes(o.id))}
          onChange={(_, v) => field.onChange(v.map((o) => o.id))}
          renderInput={(params) => <TextField {...params} label={label} />}
        />
      )}
    />
  );
  const toggle = (name: 'enabled' | 'protected' | 'allGuests' | 'restoreTestOn', label: string) => (
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
    <Box
      component="form"
      noValidate
      onSubmit={form.handleSubmit((v) => onSubmit(toScheduleInput(v)))}
      sx={{ display: 'grid', gap: 2, maxWidth: 760 }}
    >
      <ErrorAlert error={error} />
      {!defaultCompanyId && !schedule && (
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
      <FormTextField control={form.control} name="name" label={t('backups.fields.name')} required />
      {toggle('enabled', t('backups.fields.enabled'))}

      <Typography variant="h6" component="h2">
        {t('backups.fields.selection')}
      </Typography>
      {toggle('allGuests', t('backups.fields.allGuests'))}
      {!allGuests && (
        <>
          {guestPicker('guestIds', t('backups.fields.guests'))}
          <FormTextField
            control={form.control}
            name="tags"
            label={t('backups.fields.tags')}
            helperText={t('backups.fields.tagsHelp')}
          />
          <FormTextField control={form.control} name="pool" label={t('backups.fields.pool')} />
        </>
      )}
      {guestPicker('excludeGuestIds', t('backups.fields.exclude'))}

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

      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr 1fr' } }}>
        <FormTextField
          control={form.control}
          name="storage"
          label={t('backups.fields.storage')}
          helperText={t('backups.fields.storageHelp')}
          required
        />
        <FormTextField control={form.control} name="mode" select label={t('backups.fields.mode')}>
          {BACKUP_MODES.map((m) => (
            <MenuItem key={m} value={m}>
              {t(`backups.modes.${m}`)}
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          control={form.control}
          name="compress"
          select
          label={t('backups.fields.compress')}
        >
          {BACKUP_COMPRESSIONS.map((c) => (
            <MenuItem key={c} value={c}>
              {t(`backups.compressions.${c}`)}
            </MenuItem>
          ))}
        </FormTextField>
      </Box>
      <FormTextField
        control={form.control}
        name="notesTemplate"
        label={t('backups.fields.notesTemplate')}
        helperText={t('backups.fields.notesHelp', {
          placeholders: '{{guestname}}, {{vmid}}, {{node}}, {{cluster}}',
        })}
      />
      {toggle('protected', t('backups.fields.protected'))}
      <FormTextField
        control={form.control}
        name="windowMinutes"
        label={t('backups.fields.windowMinutes')}
        helperText={t('backups.fields.windowHelp')}
        slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      />
      <FormTextField
        control={form.control}
        name="storageLimit"
        label={t('backups.fields.storageLimit')}
        helperText={t('backups.fields.storageLimitHelp')}
        slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      />

      <Typography variant="h6" component="h2">
        {t('backups.fields.retention')}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr 1fr', sm: 'repeat(6, 1fr)' },
        }}
      >
        {RETENTION.map((k) => (
          <FormTextField
            key={k}
            control={form.control}
            name={k}
            label={t(`backups.fields.${k}`)}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
        ))}
      </Box>

      <Typography variant="h6" component="h2">
        {t('backups.fields.restoreTest')}
      </Typography>
      {toggle('restoreTestOn', t('backups.fields.restoreTestOn'))}
      {restoreTestOn && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '2fr 1fr 1fr' } }}>
          <FormTextField
            control={form.control}
            name="restoreTestCron"
            label={t('backups.fields.restoreTestCron')}
            helperText={t('backups.fields.restoreTestCronHelp')}
            required
          />
          <FormTextField
            control={form.control}
            name="restoreTestNode"
            label={t('backups.fields.restoreTestNode')}
            helperText={t('backups.fields.restoreTestNodeHelp')}
          />
          <FormTextField
            control={form.control}
            name="restoreTestBootSec"
            label={t('backups.fields.restoreTestBootSec')}
            helperText={t('backups.fields.restoreTestBootHelp')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <FormTextField
            control={form.control}
            name="restoreTestPick"
            select
            label={t('backups.fields.restoreTestPick')}
          >
            {RESTORE_TEST_PICKS.map((p) => (
              <MenuItem key={p} value={p}>
                {t(`backups.restoreTestPicks.${p}`)}
              </MenuItem>
            ))}
          </FormTextField>
          {restoreTestPick === 'random' && (
            <FormTextField
              control={form.control}
              name="restoreTestMaxAgeH"
              label={t('backups.fields.restoreTestMaxAgeH')}
              helperText={t('backups.fields.restoreTestMaxAgeHelp')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          )}
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={pending}>
          {submitLabel}
        </Button>
      </Box>
    </Box>
  );
}
