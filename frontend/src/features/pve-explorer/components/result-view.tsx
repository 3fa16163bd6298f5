import ContentCopy from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PveApiCallResult } from '../api/types';

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);
const cell = (v: unknown) => (isRow(v) || Array.isArray(v) ? JSON.stringify(v) : String(v ?? ''));

/** Rows for the table view: a list of objects as is, one object as key/value pairs. */
function tableOf(data: unknown): { columns: string[]; rows: Row[] } | null {
  if (Array.isArray(data) && data.length > 0 && data.every(isRow)) {
    const columns = [...new Set(data.flatMap((r) => Object.keys(r)))].slice(0, 12);
    return { columns, rows: data };
  }
  if (isRow(data)) {
    return {
      columns: ['key', 'value'],
      rows: Object.entries(data).map(([key, value]) => ({ key, value })),
    };
  }
  return null;
}

function CopyLine({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
      <Typography variant="subtitle2" sx={{ minWidth: 56, pt: 1 }}>
        {label}
      </Typography>
      <Box
        component="pre"
        sx={{ flex: 1, m: 0, p: 1, fontSize: 12, overflow: 'auto', bgcolor: 'action.hover' }}
      >
        {text}
      </Box>
      <Tooltip title={t('pveExplorer.copy')}>
        <IconButton
          aria-label={t('pveExplorer.copyNamed', { name: label })}
          onClick={() => void navigator.clipboard?.writeText(text)}
        >
          <ContentCopy fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}

/** Proxmox's answer as a table or JSON, with the equivalent curl and pvesh lines. */
export function ResultView({ result }: { result: PveApiCallResult }) {
  const { t } = useTranslation();
  const table = tableOf(result.data);
  const [view, setView] = useState<'table' | 'json'>(table ? 'table' : 'json');
  const json = JSON.stringify(result.data, null, 2);
  return (
    <Box sx={{ display: 'grid', gap: 1.5 }} data-testid="pve-result">
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Chip
          size="small"
          color={result.ok ? 'success' : 'error'}
          label={t('pveExplorer.status', { status: result.status })}
        />
        <Typography variant="body2" color="text.secondary">
          {t('pveExplorer.duration', { ms: result.durationMs })}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view}
          onChange={(_e, v: 'table' | 'json' | null) => v && setView(v)}
        >
          <ToggleButton value="table" disabled={!table}>
            {t('pveExplorer.table')}
          </ToggleButton>
          <ToggleButton value="json">JSON</ToggleButton>
        </ToggleButtonGroup>
        <Tooltip title={t('pveExplorer.copy')}>
          <IconButton
            aria-label={t('pveExplorer.copyNamed', { name: 'JSON' })}
            onClick={() => void navigator.clipboard?.writeText(json)}
          >
            <ContentCopy fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      {result.error && <Typography color="error">{result.error}</Typography>}
      {view === 'table' && table ? (
        <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
          <Table size="small" aria-label={t('pveExplorer.answer')}>
            <TableHead>
              <TableRow>
                {table.columns.map((c) => (
                  <TableCell key={c}>{c}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {table.rows.map((r, i) => (
                <TableRow key={i}>
                  {table.columns.map((c) => (
                    <TableCell key={c} sx={{ fontFamily: 'monospace' }}>
                      {cell(r[c])}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : (
        <Box component="pre" sx={{ fontSize: 12, maxHeight: 420, overflow: 'auto', m: 0 }}>
          {json}
        </Box>
      )}
      <CopyLine label="curl" text={result.curl} />
      <CopyLine label="pvesh" text={result.pvesh} />
    </Box>
  );
}
