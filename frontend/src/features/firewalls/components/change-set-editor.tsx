import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  FIREWALL_ITEM_SCHEMAS,
  firewallOperationSchema,
  type FirewallChangeDto,
  type FirewallDiffEntry,
  type FirewallKind,
  type FirewallOperation,
  type FirewallTargetDto,
} from '@multpanel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { useFirewallTargets } from '../api/change-sets';
import { firewallKeys } from '../api/list-firewalls';
import { useApplyChange, useChange, useCreateChange } from '../api/publish-port';

export type FirewallRowData = Record<string, unknown> & { uuid: string };

/** Fields that point at one of the company's hosts: offered with the guest picker. */
export const TARGET_FIELDS: Partial<Record<FirewallKind, string>> = {
  d_nat: 'target',
  one_to_one: 'source_net',
};

/** What a new item starts with (OPNsense's own defaults, WAN-facing NAT). */
const CREATE_DEFAULTS: Record<FirewallKind, Record<string, string>> = {
  alias: { enabled: '1', type: 'host' },
  filter: {
    enabled: '1',
    action: 'pass',
    interface: 'lan',
    direction: 'in',
    ipprotocol: 'inet',
    protocol: 'any',
    source_net: 'any',
    destination_net: 'any',
    log: '0',
  },
  source_nat: {
    enabled: '1',
    nonat: '0',
    interface: 'wan',
    protocol: 'any',
    source_net: 'any',
    destination_net: 'any',
  },
  one_to_one: { enabled: '1', interface: 'wan', type: 'binat', destination_net: 'any' },
  d_nat: {
    disabled: '0',
    interface: 'wan',
    protocol: 'tcp',
    'source.network': 'any',
    'destination.network': 'wanip',
  },
};

const fieldsOf = (kind: FirewallKind) => Object.entries(FIREWALL_ITEM_SCHEMAS[kind].shape);
/** The choices of an enum field (zod's `options`), null for free text. */
function optionsOf(schema: unknown): string[] | null {
  const o = (schema as { options?: unknown }).options;
  return Array.isArray(o) ? o.map(String) : null;
}
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** One line naming an operation in the draft list. */
export function operationSummary(op: FirewallOperation, row?: FirewallRowData): string {
  const item = op.op === 'delete' ? {} : op.item;
  const label =
    text(item.description ?? item.descr ?? item.name) ||
    text(row?.description ?? row?.descr ?? row?.name) ||
    (op.op === 'create' ? '' : op.uuid.slice(0, 8));
  const fields = Object.entries(item)
    .filter(([k]) => !['description', 'descr'].includes(k))
    .map(([k, v]) => `${k}=${text(v)}`)
    .join(' ');
  return [label, fields].filter(Boolean).join(' · ');
}

function GuestPicker({
  firewallId,
  label,
  value,
  error,
  onChange,
}: {
  firewallId: string;
  label: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const search = useDeferredValue(value);
  const targets = useFirewallTargets(firewallId, search);
  return (
    <Autocomplete<FirewallTargetDto, false, false, true>
      freeSolo
      size="small"
      options={targets.data?.items ?? []}
      filterOptions={(o) => o}
      loading={targets.isFetching}
      inputValue={value}
      onInputChange={(_e, v) => onChange(v)}
      onChange={(_e, v) => onChange(typeof v === 'string' ? v : (v?.address ?? ''))}
      getOptionLabel={(o) => (typeof o === 'string' ? o : o.address)}
      renderOption={(props, o) => (
        <li {...props} key={`${o.guestId}-${o.address}`}>
          {`${o.guestName ?? o.hostname ?? o.guestId} — ${o.address}`}
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          error={!!error}
          helperText={error ?? t('firewalls.editor.pickGuest')}
        />
      )}
    />
  );
}

/**
 * Add or edit one item of a kind: a field per platform-managed OPNsense field (choices for enums,
 * the guest picker for targets), checked with the same schema the API applies. Saving adds the
 * operation to the draft change set; nothing reaches the firewall until the set is applied.
 */
export function ItemEditorDialog({
  firewallId,
  kind,
  row,
  onSave,
  onClose,
}: {
  firewallId: string;
  kind: FirewallKind;
  row: FirewallRowData | null;
  onSave: (op: FirewallOperation) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fields = fieldsOf(kind);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map(([f]) => [f, row ? text(row[f]) : (CREATE_DEFAULTS[kind][f] ?? '')]),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (f: string, v: string) => setValues((s) => ({ ...s, [f]: v }));

  const save = () => {
    const item: Record<string, string> = {};
    for (const [f] of fields) {
      const v = (values[f] ?? '').trim();
      if (row ? v !== text(row[f]) : v !== '') item[f] = v;
    }
    if (row && Object.keys(item).length === 0) {
      setErrors({ _: t('firewalls.editor.unchanged') });
      return;
    }
    const op = row ? { op: 'update', kind, uuid: row.uuid, item } : { op: 'create', kind, item };
    const parsed = firewallOperationSchema.safeParse(op);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) errs[String(i.path[1] ?? '_')] ??= i.message;
      setErrors(errs);
      return;
    }
    onSave(parsed.data);
  };

  const kindLabel = t(`firewalls.kinds.${kind}`);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {row
          ? t('firewalls.editor.editTitle', { kind: kindLabel })
          : t('firewalls.editor.addTitle', { kind: kindLabel })}
      </DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
          {errors._ && <Alert severity="warning">{errors._}</Alert>}
          {fields.map(([f, schema]) => {
            const options = optionsOf(schema);
            if (TARGET_FIELDS[kind] === f)
              return (
                <GuestPicker
                  key={f}
                  firewallId={firewallId}
                  label={f}
                  value={values[f] ?? ''}
                  error={errors[f]}
                  onChange={(v) => set(f, v)}
                />
              );
            return (
              <TextField
                key={f}
                size="small"
                select={!!options}
                label={f}
                value={values[f] ?? ''}
                error={!!errors[f]}
                helperText={errors[f]}
                multiline={f === 'content'}
                onChange={(e) => set(f, e.target.value)}
              >
                {options?.map((o) => (
                  <MenuItem key={o} value={o}>
                    {o}
                  </MenuItem>
                ))}
              </TextField>
            );
          })}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('firewalls.publish.cancel')}</Button>
        <Button variant="contained" onClick={save}>
          {t('firewalls.editor.addToSet')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The operations waiting to be previewed: each can be dropped; Preview sends them as one set. */
export function DraftPanel({
  firewallId,
  ops,
  onRemove,
  onDiscard,
  onPreviewed,
}: {
  firewallId: string;
  ops: FirewallOperation[];
  onRemove: (index: number) => void;
  onDiscard: () => void;
  onPreviewed: (change: FirewallChangeDto) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateChange(firewallId);
  const [note, setNote] = useState('');
  if (ops.length === 0) return null;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={t('firewalls.editor.draft')}
      sx={{ p: 2, mb: 2 }}
    >
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {t('firewalls.editor.draftTitle', { count: ops.length })}
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 3 }}>
        {ops.map((op, i) => (
          <Box component="li" key={i} sx={{ fontFamily: 'monospace', fontSize: 13 }}>
            {t(`firewalls.editor.op.${op.op}`)} {t(`firewalls.kinds.${op.kind}`)}:{' '}
            {operationSummary(op)}
            <IconButton
              size="small"
              aria-label={t('firewalls.editor.remove', { n: i + 1 })}
              onClick={() => onRemove(i)}
            >
              <DeleteOutline fontSize="small" />
            </IconButton>
          </Box>
        ))}
      </Box>
      <TextField
        size="small"
        label={t('firewalls.editor.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        sx={{ mt: 1, minWidth: 320 }}
        slotProps={{ htmlInput: { maxLength: 500 } }}
      />
      {create.error && (
        <Box sx={{ mt: 1 }}>
          <ErrorAlert error={create.error} />
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
        <Button
          variant="contained"
          disabled={create.isPending}
          onClick={() =>
            create.mutate(
              { operations: ops, ...(note.trim() ? { note: note.trim() } : {}) },
              {
                onSuccess: (c) => {
                  setNote('');
                  onPreviewed(c);
                },
              },
            )
          }
        >
          {t('firewalls.editor.preview')}
        </Button>
        <Button onClick={onDiscard}>{t('firewalls.editor.discard')}</Button>
      </Box>
    </Paper>
  );
}

/** Fields shown for one diff entry: a create's new values, a delete's old ones, an update's changes. */
function diffFields(d: FirewallDiffEntry): string[] {
  const before = d.before ?? {};
  const after = d.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (d.op !== 'update') return keys.filter((k) => text(before[k]) !== '' || text(after[k]) !== '');
  return keys.filter((k) => text(before[k]) !== text(after[k]));
}

function DiffEntry({ entry }: { entry: FirewallDiffEntry }) {
  const { t } = useTranslation();
  const name =
    text(entry.after?.description ?? entry.after?.descr ?? entry.after?.name) ||
    text(entry.before?.description ?? entry.before?.descr ?? entry.before?.name);
  const title = `${t(`firewalls.editor.op.${entry.op}`)} ${t(`firewalls.kinds.${entry.kind}`)}${
    name ? ` “${name}”` : ''
  }`;
  return (
    <Box component="section" aria-label={title} sx={{ mb: 2 }}>
      <Typography variant="subtitle2">{title}</Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('firewalls.editor.field')}</TableCell>
            <TableCell>{t('firewalls.editor.before')}</TableCell>
            <TableCell>{t('firewalls.editor.after')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {diffFields(entry).map((f) => (
            <TableRow key={f}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{f}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', color: 'error.main' }}>
                {entry.before ? text(entry.before[f]) : '—'}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', color: 'success.main' }}>
                {entry.after ? text(entry.after[f]) : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * The diff of a pending change set (before/after per object) and its apply: a tracked job whose
 * progress is shown, then the change as it ended (applied, or failed and reverted with the reason).
 */
export function ChangeReviewDialog({
  firewallId,
  change,
  onClose,
}: {
  firewallId: string;
  change: FirewallChangeDto;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const apply = useApplyChange(firewallId);
  const queryClient = useQueryClient();
  const [jobEnded, setJobEnded] = useState(false);
  const done = useChange(firewallId, change.id, jobEnded);
  const ended = () => {
    setJobEnded(true);
    // the tabs read the firewall again: it is the source of truth
    void queryClient.invalidateQueries({ queryKey: ['firewalls', 'items', firewallId] });
    void queryClient.invalidateQueries({ queryKey: firewallKeys.changes(firewallId) });
  };
  const outcome = done.data && done.data.status !== 'applying' ? done.data : null;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>
        {change.revertOfId ? t('firewalls.editor.revertTitle') : t('firewalls.editor.reviewTitle')}
      </DialogTitle>
      <DialogContent>
        <Box component="section" aria-label={t('firewalls.publish.diff')}>
          {change.diff.map((d, i) => (
            <DiffEntry key={i} entry={d} />
          ))}
        </Box>
        {apply.error && <ErrorAlert error={apply.error} />}
        {apply.data && <JobProgress jobId={apply.data.id} initial={apply.data} onDone={ended} />}
        {outcome?.status === 'applied' && (
          <Alert severity="success" sx={{ mt: 1 }}>
            {t('firewalls.editor.applied')}
          </Alert>
        )}
        {outcome?.status === 'failed' && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {t('firewalls.publish.failed', { reason: outcome.reason ?? '' })}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {t(apply.data ? 'firewalls.publish.close' : 'firewalls.publish.cancel')}
        </Button>
        {!apply.data && change.status === 'pending' && (
          <Button
            variant="contained"
            onClick={() => apply.mutate(change.id)}
            disabled={apply.isPending}
          >
            {t('firewalls.publish.apply')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
