export { useClusterOptions, type ClusterOption } from '@/lib/queries/clusters';
