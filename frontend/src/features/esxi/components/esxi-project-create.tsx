import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { createEsxiProjectSchema } from '@multpanel/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useEsxiInventory } from '../api/inventory';
import { useCreateEsxiProject } from '../api/projects';
import { useEsxiSources } from '../api/sources';
import { useTargetStorages } from '../api/targets';
import {
  EsxiNetworkMappings,
  mappingRows,
  toMapping,
  type MappingRow,
} from './esxi-network-mappings';
import { EsxiTargetFields, type Target } from './esxi-target-fields';

/**
 * A new migration project: the ESXi source, the default target, and mappings for every source
 * network (bridge/VLAN/IPAM range) and datastore (storage) the last discovery found.
 */
export function EsxiProjectCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const sources = useEsxiSources({ page: 1, pageSize: 200 });
  const [sourceId, setSourceId] = useState(search.get('sourceId') ?? '');
  const [name, setName] = useState('');
  const [target, setTarget] = useState<Target>({ clusterId: '', node: '', storage: '' });
  const [rows, setRows] = useState<MappingRow[]>(mappingRows([]));
  const [datastores, setDatastores] = useState<Record<string, string>>({});
  const inventory = useEsxiInventory(sourceId);
  const storages = useTargetStorages(target.clusterId);
  const create = useCreateEsxiProject();
  const source = sources.data?.items.find((s) => s.id === sourceId);

  useEffect(() => {
    const nets = inventory.data?.networks.map((n) => n.name) ?? [];
    setRows([...mappingRows(nets), ...(nets.length ? mappingRows([]) : [])]);
    setDatastores({});
  }, [inventory.data]);

  const diskStorages = (storages.data ?? []).filter(
    (s) => s.node === target.node && !s.goneAt && s.content.includes('images'),
  );
  const input = {
    sourceId,
    name,
    ...target,
    networks: rows.map(toMapping),
    datastores: Object.entries(datastores)
      .filter(([, storage]) => storage && storage !== target.storage)
      .map(([datastore, storage]) => ({ datastore, storage })),
  };
  const parsed = createEsxiProjectSchema.safeParse(input);

  return (
    <>
      <PageHeader title={t('esxiProjects.create')} />
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 820 }}>
        <TextField
          select
          label={t('esxiProjects.fields.source')}
          value={sourceId}
          onChange={(e) => setSourceId(e.target.value)}
        >
          {(sources.data?.items ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name} ({s.host})
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label={t('esxiProjects.fields.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <EsxiTargetFields value={target} onChange={setTarget} />
        <Typography variant="h6">{t('esxiProjects.networks')}</Typography>
        {source && (
          <EsxiNetworkMappings companyId={source.companyId} rows={rows} onChange={setRows} />
        )}
        <Typography variant="h6">{t('esxiProjects.datastores')}</Typography>
        {(inventory.data?.datastores ?? []).map((d) => (
          <Box
            key={d.moref}
            sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}
            data-testid="datastore-mapping"
          >
            <TextField
              size="small"
              label={t('esxi.fields.datastore')}
              value={d.name}
              slotProps={{ input: { readOnly: true } }}
            />
            <TextField
              select
              size="small"
              label={t('esxiProjects.datastoreStorage')}
              value={datastores[d.name] ?? ''}
              onChange={(e) => setDatastores((o) => ({ ...o, [d.name]: e.target.value }))}
            >
              <MenuItem value="">{t('esxiProjects.defaultStorage')}</MenuItem>
              {diskStorages.map((s) => (
                <MenuItem key={s.storage} value={s.storage}>
                  {s.storage}
                </MenuItem>
              ))}
            </TextField>
          </Box>
        ))}
        <ErrorAlert error={create.error} />
        <Box>
          <Button
            variant="contained"
            disabled={!parsed.success || create.isPending}
            onClick={() =>
              parsed.success &&
              create.mutate(parsed.data, {
                onSuccess: (p) => void navigate(`/esxi-projects/${p.id}`),
              })
            }
          >
            {t('esxiProjects.create')}
          </Button>
        </Box>
      </Box>
    </>
  );
}
