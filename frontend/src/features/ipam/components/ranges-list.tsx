import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import type { GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { IpRangeView } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useListParams } from '@/lib/use-list-params';
import { useRanges } from '../api/list-ranges';
import { CompanyVlansSection } from './company-vlans';
import { UsageBar } from './usage-bar';
import { VlanPoolsSection } from './vlan-pools';

export function RangesListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const list = useListParams(['search'] as const);
  const ranges = useRanges({
    page: list.page,
    pageSize: list.pageSize,
    search: list.filters.search || undefined,
  });

  const columns: GridColDef<IpRangeView>[] = [
    {
      field: 'name',
      headerName: t('ipam.fields.name'),
      flex: 1,
      minWidth: 160,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/networks/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    { field: 'cidr', headerName: t('ipam.fields.cidr'), width: 190 },
    {
      field: 'vlan',
      headerName: t('ipam.fields.vlan'),
      width: 90,
      valueGetter: (_v, row) => row.vlan ?? '—',
    },
    {
      field: 'companyName',
      headerName: t('ipam.fields.owner'),
      width: 170,
      valueGetter: (_v, row) => row.companyName ?? t('ipam.shared'),
    },
    {
      field: 'usage',
      headerName: t('ipam.fields.usage'),
      flex: 1,
      minWidth: 220,
      renderCell: ({ row }) => <UsageBar usage={row.usage} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('ipam.title')}
        subtitle={t('ipam.subtitle')}
        actions={
          authz.has(perm.ipamManage) && (
            <Button
              variant="contained"
              startIcon={<Add />}
              component={RouterLink}
              to="/networks/new"
            >
              {t('ipam.create')}
            </Button>
          )
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
      </Box>
      <ErrorAlert error={ranges.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={ranges.data?.items ?? []}
        total={ranges.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={ranges.isFetching}
        columns={columns}
        emptyLabel={t('ipam.empty')}
        aria-label={t('ipam.title')}
      />
      {authz.has(perm.clustersManage) && <VlanPoolsSection />}
      <CompanyVlansSection />
    </>
  );
}
