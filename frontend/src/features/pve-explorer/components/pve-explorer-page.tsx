import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Pagination from '@mui/material/Pagination';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { usePveEndpoint } from '../api/get-pve-endpoint';
import { usePveTree } from '../api/get-pve-tree';
import { useSearchPveEndpoints } from '../api/search-pve-endpoints';
import type { PveHttpMethod } from '../api/types';
import { EndpointDetail } from './endpoint-detail';
import { MethodChip } from './method-chip';
import { PveTree, type Selection } from './pve-tree';
import { TryIt } from './try-it';

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** The Proxmox VE 9.1 API: tree or search on the left, the chosen endpoint and "try it" on the right. */
export function PveExplorerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [page, setPage] = useState(1);
  const method = params.get('method');
  const path = params.get('path');
  const selected: Selection | null =
    method && path && METHODS.includes(method) ? { method: method as PveHttpMethod, path } : null;
  const tree = usePveTree();
  const hits = useSearchPveEndpoints(search, page);
  const detail = usePveEndpoint(selected);
  const set = (next: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v) p.set(k, v);
          else p.delete(k);
        }
        return p;
      },
      { replace: true },
    );
  const select = (s: Selection) => set({ method: s.method, path: s.path });

  return (
    <>
      <PageHeader title={t('pveExplorer.title')} subtitle={t('pveExplorer.subtitle')} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { md: '360px 1fr' } }}>
        <Paper variant="outlined" sx={{ p: 1, maxHeight: '75vh', overflow: 'auto' }}>
          <SearchField
            value={search}
            onChange={(q) => {
              setPage(1);
              set({ q: q || null });
            }}
          />
          <ErrorAlert error={tree.error ?? hits.error} sx={{ my: 1 }} />
          {search ? (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ px: 1, py: 0.5 }}>
                {t('pveExplorer.hits', { count: hits.data?.total ?? 0 })}
              </Typography>
              <List dense aria-label={t('pveExplorer.results')}>
                {(hits.data?.items ?? []).map((e) => (
                  <ListItemButton
                    key={`${e.method} ${e.path}`}
                    selected={selected?.method === e.method && selected.path === e.path}
                    onClick={() => select(e)}
                    sx={{ gap: 1, alignItems: 'flex-start' }}
                  >
                    <MethodChip method={e.method} />
                    <Box sx={{ minWidth: 0 }}>
                      <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                        {e.path}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {e.description}
                      </Typography>
                    </Box>
                  </ListItemButton>
                ))}
              </List>
              {(hits.data?.total ?? 0) > 50 && (
                <Pagination
                  size="small"
                  page={page}
                  count={Math.ceil((hits.data?.total ?? 0) / 50)}
                  onChange={(_e, p) => setPage(p)}
                />
              )}
            </>
          ) : (
            tree.data && <PveTree nodes={tree.data} selected={selected} onSelect={select} />
          )}
        </Paper>
        <Box sx={{ display: 'grid', gap: 2, alignContent: 'start' }}>
          {!selected && <Typography color="text.secondary">{t('pveExplorer.pick')}</Typography>}
          <ErrorAlert error={detail.error} />
          {detail.data && (
            <>
              <Paper variant="outlined" sx={{ p: 2 }}>
                <EndpointDetail ep={detail.data} />
              </Paper>
              <Paper variant="outlined" sx={{ p: 2 }}>
                <TryIt key={`${detail.data.method} ${detail.data.path}`} ep={detail.data} />
              </Paper>
            </>
          )}
        </Box>
      </Box>
    </>
  );
}
