// Shared with other features' tests (a feature may import only shared testing code).
export { clusterView } from '@/testing/fixtures';
