import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { PveApiEndpointDetail, PveApiParameter } from '../api/types';
import { MethodChip } from './method-chip';

const typeOf = (p: PveApiParameter) =>
  [p.type, p.format === 'property-string' ? `{${p.formatKeys.join(', ')}}` : p.format]
    .filter(Boolean)
    .join(' · ');

const rangeOf = (p: PveApiParameter) =>
  p.minimum !== null || p.maximum !== null ? `${p.minimum ?? '…'}–${p.maximum ?? '…'}` : '';

/** Description, permission, parameters and return shape of one endpoint. */
export function EndpointDetail({ ep }: { ep: PveApiEndpointDetail }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <MethodChip method={ep.method} />
        <Typography component="h2" variant="h6" sx={{ fontFamily: 'monospace' }}>
          {ep.path}
        </Typography>
        {ep.name && (
          <Typography variant="body2" color="text.secondary">
            {ep.name}
          </Typography>
        )}
      </Box>
      {ep.description && <Typography sx={{ whiteSpace: 'pre-wrap' }}>{ep.description}</Typography>}
      <Box>
        <Typography variant="subtitle2">{t('pveExplorer.permission')}</Typography>
        <Typography variant="body2" sx={{ fontFamily: 'monospace' }} data-testid="pve-permission">
          {ep.permissions
            ? [
                ep.permissions.check ? JSON.stringify(ep.permissions.check) : null,
                ep.permissions.user ? `user: ${ep.permissions.user}` : null,
                ep.permissions.description,
              ]
                .filter(Boolean)
                .join(' — ')
            : t('pveExplorer.noPermission')}
        </Typography>
      </Box>
      <Box>
        <Typography variant="subtitle2">{t('pveExplorer.parameters')}</Typography>
        {ep.parameters.length === 0 ? (
          <Typography variant="body2">{t('pveExplorer.noParameters')}</Typography>
        ) : (
          <Table size="small" aria-label={t('pveExplorer.parameters')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('pveExplorer.param.name')}</TableCell>
                <TableCell>{t('pveExplorer.param.type')}</TableCell>
                <TableCell>{t('pveExplorer.param.values')}</TableCell>
                <TableCell>{t('pveExplorer.param.default')}</TableCell>
                <TableCell>{t('pveExplorer.param.description')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {ep.parameters.map((p) => (
                <TableRow key={p.name}>
                  <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                    {p.name}
                    {p.optional ? '' : ' *'}
                    {p.inPath ? ` (${t('pveExplorer.param.inPath')})` : ''}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{typeOf(p)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>
                    {p.enum ? p.enum.join(' | ') : rangeOf(p)}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>
                    {p.default === null ? '' : String(p.default)}
                  </TableCell>
                  <TableCell>{p.description}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      <Box>
        <Typography variant="subtitle2">{t('pveExplorer.returns')}</Typography>
        <Box
          component="pre"
          sx={{ fontSize: 12, maxHeight: 240, overflow: 'auto', bgcolor: 'action.hover', p: 1 }}
        >
          {JSON.stringify(ep.returns, null, 2)}
        </Box>
      </Box>
    </Box>
  );
}
