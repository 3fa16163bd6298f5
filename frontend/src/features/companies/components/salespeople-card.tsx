import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useSalespeople } from '../api/list-salespeople';
import { useSetSalespeople } from '../api/set-salespeople';
import type { CompanyView, UserView } from '@multpanel/contracts';

/** Which MSP salespeople look after this customer (they then see and manage it). */
export function SalespeopleCard({ company }: { company: CompanyView }) {
  const { t } = useTranslation();
  const options = useSalespeople(true);
  const mutation = useSetSalespeople();
  const [selected, setSelected] = useState<string[]>(company.salespersonIds ?? []);
  const byId = new Map((options.data?.items ?? []).map((o) => [o.id, o]));
  const value = selected.map((id) => byId.get(id)).filter((o): o is UserView => !!o);

  return (
    <Card sx={{ maxWidth: 640, mt: 3 }}>
      <CardHeader
        title={t('companies.salespeople.title')}
        subheader={t('companies.salespeople.subtitle')}
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        <ErrorAlert error={options.error ?? mutation.error} />
        {mutation.isSuccess && <Alert severity="success">{t('companies.salespeople.saved')}</Alert>}
        <Autocomplete
          multiple
          options={options.data?.items ?? []}
          loading={options.isPending}
          value={value}
          getOptionLabel={(o) => `${o.name} (${o.email})`}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          onChange={(_, next) => {
            mutation.reset();
            setSelected(next.map((o) => o.id));
          }}
          renderInput={(params) => (
            <TextField {...params} label={t('companies.salespeople.label')} />
          )}
        />
        <Box>
          <Button
            variant="contained"
            disabled={mutation.isPending}
            onClick={() => mutation.mutate({ id: company.id, userIds: selected })}
          >
            {t('common.save')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}
