export type {
  FleetCluster,
  FleetOverview,
  MetricPointDto,
  MetricSeriesDto,
  MetricTimeframe,
} from '@multpanel/contracts';

export const METRIC_TIMEFRAMES = ['hour', 'day', 'week', 'month', 'year'] as const;

export const monitoringKeys = {
  all: ['monitoring'] as const,
  fleet: () => [...monitoringKeys.all, 'fleet'] as const,
  cluster: (id: string, timeframe: string) =>
    [...monitoringKeys.all, 'cluster', id, timeframe] as const,
  node: (clusterId: string, node: string, timeframe: string) =>
    [...monitoringKeys.all, 'node', clusterId, node, timeframe] as const,
  company: (id: string, timeframe: string) =>
    [...monitoringKeys.all, 'company', id, timeframe] as const,
};

/** The 1-minute view refreshes with collection; longer views change slowly. */
export const refreshFor = (timeframe: string): number | false =>
  timeframe === 'hour' ? 60_000 : timeframe === 'day' ? 5 * 60_000 : false;

export type {
  AlertDetail,
  AlertDto,
  AlertPage,
  AlertRuleDto,
  ChannelDto,
  ChannelType,
  CreateAlertRuleInput,
  CreateChannelInput,
  CreatedChannelDto,
  UpdateChannelInput,
} from '@multpanel/contracts';

export const alertKeys = {
  all: ['alerts'] as const,
  list: (params: object) => [...alertKeys.all, 'list', params] as const,
  detail: (id: string) => [...alertKeys.all, 'detail', id] as const,
  rules: () => [...alertKeys.all, 'rules'] as const,
  channels: () => [...alertKeys.all, 'channels'] as const,
};

export { CHANNEL_TYPES } from '@multpanel/contracts';
