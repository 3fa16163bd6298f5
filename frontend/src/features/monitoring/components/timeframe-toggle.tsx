import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { METRIC_TIMEFRAMES, type MetricTimeframe } from '../api/types';

/** The chart timeframe, kept in the URL (`?timeframe=`). */
export function useTimeframe(): [MetricTimeframe, (t: MetricTimeframe) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('timeframe');
  const tf = (METRIC_TIMEFRAMES as readonly string[]).includes(raw ?? '')
    ? (raw as MetricTimeframe)
    : 'hour';
  const set = (next: MetricTimeframe) =>
    setParams(
      (p) => {
        p.set('timeframe', next);
        return p;
      },
      { replace: true },
    );
  return [tf, set];
}

export function TimeframeToggle({
  value,
  onChange,
}: {
  value: MetricTimeframe;
  onChange: (t: MetricTimeframe) => void;
}) {
  const { t } = useTranslation();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      onChange={(_, v: MetricTimeframe | null) => v && onChange(v)}
      aria-label={t('monitoring.timeframe')}
    >
      {METRIC_TIMEFRAMES.map((tf) => (
        <ToggleButton key={tf} value={tf}>
          {t(`monitoring.timeframes.${tf}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
