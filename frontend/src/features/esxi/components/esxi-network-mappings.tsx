import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { EsxiNetworkMapping } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { useTargetRanges } from '../api/targets';

/** One row per source network (a row without `source` catches the rest): bridge, VLAN, IPAM range. */
export interface MappingRow {
  source: string;
  bridge: string;
  vlan: string;
  ipamRangeId: string;
}

export const toMapping = (r: MappingRow): EsxiNetworkMapping => ({
  ...(r.source ? { source: r.source } : {}),
  bridge: r.bridge,
  ...(r.vlan ? { vlan: Number(r.vlan) } : {}),
  ...(r.ipamRangeId ? { ipamRangeId: r.ipamRangeId } : {}),
});

export const mappingRows = (networks: string[]): MappingRow[] =>
  (networks.length ? networks : ['']).map((source) => ({
    source,
    bridge: 'vmbr0',
    vlan: '',
    ipamRangeId: '',
  }));

export function EsxiNetworkMappings({
  companyId,
  rows,
  onChange,
}: {
  companyId: string;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
}) {
  const { t } = useTranslation();
  const ranges = useTargetRanges(companyId);
  const set = (i: number, k: keyof MappingRow, v: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <>
      {rows.map((r, i) => (
        <Box
          key={i}
          sx={{ display: 'grid', gridTemplateColumns: '2fr 1fr 1fr 2fr', gap: 1 }}
          data-testid="network-mapping"
        >
          <TextField
            size="small"
            label={t('esxi.fields.network')}
            value={r.source || t('esxiProjects.defaultNetwork')}
            slotProps={{ input: { readOnly: true } }}
          />
          <TextField
            size="small"
            label={t('esxi.fields.bridge')}
            value={r.bridge}
            onChange={(e) => set(i, 'bridge', e.target.value)}
          />
          <TextField
            size="small"
            label={t('esxi.fields.vlan')}
            value={r.vlan}
            onChange={(e) => set(i, 'vlan', e.target.value.replace(/\D/g, ''))}
          />
          <TextField
            select
            size="small"
            label={t('esxi.fields.range')}
            value={r.ipamRangeId}
            onChange={(e) => set(i, 'ipamRangeId', e.target.value)}
          >
            <MenuItem value="">—</MenuItem>
            {(ranges.data ?? []).map((g) => (
              <MenuItem key={g.id} value={g.id}>
                {g.name} ({g.cidr})
              </MenuItem>
            ))}
          </TextField>
        </Box>
      ))}
    </>
  );
}
