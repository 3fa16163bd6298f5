import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { useTargetClusters, useTargetNodes, useTargetStorages } from '../api/targets';

export interface Target {
  clusterId: string;
  node: string;
  storage: string;
}

/** Target cluster, node and storage (storages that hold disk images on that node). */
export function EsxiTargetFields({
  value,
  onChange,
}: {
  value: Target;
  onChange: (next: Target) => void;
}) {
  const { t } = useTranslation();
  const clusters = useTargetClusters();
  const nodes = useTargetNodes(value.clusterId);
  const storages = useTargetStorages(value.clusterId);
  const diskStorages = (storages.data ?? []).filter(
    (s) => s.node === value.node && !s.goneAt && s.content.includes('images'),
  );
  return (
    <>
      <TextField
        select
        label={t('esxi.fields.cluster')}
        value={value.clusterId}
        onChange={(e) => onChange({ clusterId: e.target.value, node: '', storage: '' })}
      >
        {(clusters.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label={t('esxi.fields.node')}
        value={value.node}
        disabled={!value.clusterId}
        onChange={(e) => onChange({ ...value, node: e.target.value, storage: '' })}
      >
        {(nodes.data ?? [])
          .filter((n) => !n.goneAt)
          .map((n) => (
            <MenuItem key={n.name} value={n.name}>
              {n.name}
            </MenuItem>
          ))}
      </TextField>
      <TextField
        select
        label={t('esxi.fields.storage')}
        value={value.storage}
        disabled={!value.node}
        onChange={(e) => onChange({ ...value, storage: e.target.value })}
      >
        {diskStorages.map((s) => (
          <MenuItem key={s.storage} value={s.storage}>
            {s.storage}
            {s.type ? ` (${s.type})` : ''}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
