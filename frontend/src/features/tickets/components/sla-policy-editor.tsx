import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TICKET_PRIORITIES,
  ticketSlaPolicySchema,
  type TicketPriority,
  type TicketSlaPolicyDto,
  type TicketSlaPolicyInput,
} from '@multpanel/contracts';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useBreachChannels } from '../api/list-breach-channels';
import {
  useDeleteSlaPolicy,
  useSaveSlaPolicy,
  useSlaPolicies,
  useSlaPolicy,
} from '../api/ticket-sla-policy';

const DEFAULT = '__default__';
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

interface DayForm {
  on: boolean;
  start: string;
  end: string;
}
export interface SlaForm {
  targets: Record<TicketPriority, { firstResponse: string; resolution: string }>;
  utcOffsetMinutes: string;
  days: DayForm[];
  holidays: string;
  breachChannelIds: string[];
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (s: string) => {
  const [h, m] = s.split(':').map(Number);
  return h === 24 && m === 0 ? 1440 : h * 60 + m;
};

/** A new policy: Mon–Fri 09:00–17:00 UTC, 4 h / 2 business days for normal tickets. */
const BLANK: TicketSlaPolicyInput = {
  targets: {
    low: { firstResponseMinutes: 480, resolutionMinutes: 2400 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 960 },
    high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  },
  utcOffsetMinutes: 0,
  days: [null, [540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], null],
  holidays: [],
  breachChannelIds: [],
};

export function toForm(p: TicketSlaPolicyInput): SlaForm {
  return {
    targets: Object.fromEntries(
      TICKET_PRIORITIES.map((k) => [
        k,
        {
          firstResponse: String(p.targets[k].firstResponseMinutes),
          resolution: String(p.targets[k].resolutionMinutes),
        },
      ]),
    ) as SlaForm['targets'],
    utcOffsetMinutes: String(p.utcOffsetMinutes),
    days: p.days.map((d) =>
      d
        ? { on: true, start: hhmm(d[0]), end: hhmm(d[1]) }
        : { on: false, start: '09:00', end: '17:00' },
    ),
    holidays: p.holidays.join('\n'),
    breachChannelIds: p.breachChannelIds,
  };
}

/** The form as the API's body; the contracts schema judges it (the same the API applies). */
export function fromForm(f: SlaForm) {
  return ticketSlaPolicySchema.safeParse({
    targets: Object.fromEntries(
      TICKET_PRIORITIES.map((k) => [
        k,
        {
          firstResponseMinutes: Number(f.targets[k].firstResponse),
          resolutionMinutes: Number(f.targets[k].resolution),
        },
      ]),
    ),
    utcOffsetMinutes: Number(f.utcOffsetMinutes),
    days: f.days.map((d) => (d.on ? [minutes(d.start), minutes(d.end)] : null)),
    holidays: f.holidays
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    breachChannelIds: f.breachChannelIds,
  });
}

/**
 * SLA policies (staff): pick the MSP's default or a company; a company without its own shows the
 * default it falls back to, which saving turns into its own. Targets per priority in business
 * minutes, the working hours per weekday in the calendar's UTC offset, holidays, and the
 * notification channels that get an alert on a breach.
 */
export function SlaPolicyEditor() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const operator = authz.role === 'super_admin';
  const companies = useCompanyOptions();
  const [owner, setOwner] = useState<string>(operator ? DEFAULT : '');
  const companyId = owner === DEFAULT ? null : owner || null;
  const picked = owner !== '';
  const policy = useSlaPolicy(companyId, picked);
  // Which companies have their own policy (the rest fall back to the default).
  const set = new Set((useSlaPolicies().data ?? []).map((p) => p.companyId ?? DEFAULT));
  // The form starts afresh for another owner, or once a policy is removed (showing the fallback).
  const [generation, setGeneration] = useState(0);

  return (
    <>
      <TextField
        select
        label={t('tickets.slaPolicy.owner')}
        value={owner}
        onChange={(e) => setOwner(e.target.value)}
        sx={{ minWidth: 280, mb: 2 }}
      >
        {operator && (
          <MenuItem value={DEFAULT}>
            {t('tickets.slaPolicy.default')}
            {set.has(DEFAULT) ? '' : ` — ${t('tickets.slaPolicy.notSet')}`}
          </MenuItem>
        )}
        {(companies.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
            {set.has(c.id) ? ` — ${t('tickets.slaPolicy.ownSet')}` : ''}
          </MenuItem>
        ))}
      </TextField>
      {!picked ? null : policy.error ? (
        <ErrorAlert error={policy.error} />
      ) : policy.isPending ? (
        <CircularProgress aria-label={t('common.loading')} />
      ) : (
        <PolicyForm
          key={`${owner}:${generation}`}
          companyId={companyId}
          current={policy.data ?? null}
          onRemoved={() => setGeneration((g) => g + 1)}
        />
      )}
    </>
  );
}

function PolicyForm({
  companyId,
  current,
  onRemoved,
}: {
  companyId: string | null;
  current: TicketSlaPolicyDto | null;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const operator = authz.role === 'super_admin';
  const own = current?.own ?? false;
  // A company's own policy starts from the default it falls back to, minus the MSP's channels.
  const [form, setForm] = useState<SlaForm>(() =>
    toForm(current ? (own ? current : { ...current, breachChannelIds: [] }) : BLANK),
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const save = useSaveSlaPolicy();
  const remove = useDeleteSlaPolicy();
  const channels = useBreachChannels();
  // The company's own channels, or (operators) the MSP's.
  const choices = (channels.data ?? []).filter(
    (c) => (companyId !== null && c.companyId === companyId) || (operator && c.companyId === null),
  );

  const setTarget = (p: TicketPriority, key: 'firstResponse' | 'resolution', v: string) =>
    setForm((f) => ({ ...f, targets: { ...f.targets, [p]: { ...f.targets[p], [key]: v } } }));
  const setDay = (i: number, patch: Partial<DayForm>) =>
    setForm((f) => ({ ...f, days: f.days.map((d, j) => (j === i ? { ...d, ...patch } : d)) }));

  const submit = () => {
    const parsed = fromForm(form);
    if (!parsed.success) {
      setProblems(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setProblems([]);
    save.mutate({ companyId, input: parsed.data });
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      {current === null ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('tickets.slaPolicy.none')}
        </Alert>
      ) : (
        !own && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {t('tickets.slaPolicy.fallsBack')}
          </Alert>
        )
      )}
      <Typography variant="subtitle1" gutterBottom>
        {t('tickets.slaPolicy.targets')}
      </Typography>
      <Table size="small" sx={{ mb: 2, maxWidth: 640 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('tickets.fields.priority')}</TableCell>
            <TableCell>{t('tickets.slaPolicy.firstResponseMinutes')}</TableCell>
            <TableCell>{t('tickets.slaPolicy.resolutionMinutes')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {TICKET_PRIORITIES.map((p) => (
            <TableRow key={p}>
              <TableCell>{t(`tickets.priority.${p}`)}</TableCell>
              <TableCell>
                <TextField
                  size="small"
                  type="number"
                  value={form.targets[p].firstResponse}
                  onChange={(e) => setTarget(p, 'firstResponse', e.target.value)}
                  slotProps={{
                    htmlInput: {
                      min: 1,
                      'aria-label': t('tickets.slaPolicy.firstResponseFor', {
                        priority: t(`tickets.priority.${p}`),
                      }),
                    },
                  }}
                />
              </TableCell>
              <TableCell>
                <TextField
                  size="small"
                  type="number"
                  value={form.targets[p].resolution}
                  onChange={(e) => setTarget(p, 'resolution', e.target.value)}
                  slotProps={{
                    htmlInput: {
                      min: 1,
                      'aria-label': t('tickets.slaPolicy.resolutionFor', {
                        priority: t(`tickets.priority.${p}`),
                      }),
                    },
                  }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle1" gutterBottom>
        {t('tickets.slaPolicy.hours')}
      </Typography>
      <TextField
        type="number"
        size="small"
        label={t('tickets.slaPolicy.utcOffset')}
        helperText={t('tickets.slaPolicy.utcOffsetHelp')}
        value={form.utcOffsetMinutes}
        onChange={(e) => setForm((f) => ({ ...f, utcOffsetMinutes: e.target.value }))}
        sx={{ mb: 2 }}
      />
      <Box sx={{ display: 'grid', gap: 1, mb: 2, maxWidth: 520 }}>
        {form.days.map((d, i) => {
          const day = t(`tickets.slaPolicy.days.${DAY_KEYS[i]}`);
          return (
            <Box key={DAY_KEYS[i]} sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
              <FormControlLabel
                sx={{ minWidth: 150 }}
                control={
                  <Checkbox checked={d.on} onChange={(e) => setDay(i, { on: e.target.checked })} />
                }
                label={day}
              />
              <TextField
                type="time"
                size="small"
                disabled={!d.on}
                value={d.start}
                onChange={(e) => setDay(i, { start: e.target.value })}
                slotProps={{
                  htmlInput: { 'aria-label': t('tickets.slaPolicy.opens', { day }) },
                }}
              />
              <TextField
                type="time"
                size="small"
                disabled={!d.on}
                value={d.end}
                onChange={(e) => setDay(i, { end: e.target.value })}
                slotProps={{
                  htmlInput: { 'aria-label': t('tickets.slaPolicy.closes', { day }) },
                }}
              />
            </Box>
          );
        })}
      </Box>
      <TextField
        multiline
        minRows={2}
        label={t('tickets.slaPolicy.holidays')}
        helperText={t('tickets.slaPolicy.holidaysHelp')}
        value={form.holidays}
        onChange={(e) => setForm((f) => ({ ...f, holidays: e.target.value }))}
        sx={{ mb: 2, minWidth: 320 }}
      />
      <Box>
        <TextField
          select
          label={t('tickets.slaPolicy.breachChannels')}
          helperText={t('tickets.slaPolicy.breachChannelsHelp')}
          value={form.breachChannelIds}
          onChange={(e) => {
            const v = e.target.value as unknown as string[] | string;
            setForm((f) => ({ ...f, breachChannelIds: typeof v === 'string' ? [v] : v }));
          }}
          slotProps={{ select: { multiple: true } }}
          sx={{ mb: 2, minWidth: 320 }}
        >
          {choices.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {problems.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} sx={{ mb: 2 }} />}
      {save.isSuccess && (
        <Alert severity="success" sx={{ mb: 2 }}>
          {t('tickets.slaPolicy.saved')}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 2 }}>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          {t('tickets.slaPolicy.save')}
        </Button>
        {own && (companyId !== null || operator) && (
          <Button color="error" onClick={() => setConfirming(true)} disabled={remove.isPending}>
            {t('tickets.slaPolicy.remove')}
          </Button>
        )}
      </Box>
      <ConfirmDialog
        open={confirming}
        title={t('tickets.slaPolicy.removeTitle')}
        message={t(
          companyId ? 'tickets.slaPolicy.removeCompany' : 'tickets.slaPolicy.removeDefault',
        )}
        confirmLabel={t('tickets.slaPolicy.remove')}
        destructive
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate(companyId, { onSuccess: onRemoved })}
      />
    </Paper>
  );
}
