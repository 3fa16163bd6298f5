export { OpnsenseClient } from './opnsense.client';
export type {
  OpnsenseConnection,
  OpnsenseClientOptions,
  OpnRow,
  SearchResult,
} from './opnsense.client';
export { OpnsenseError, OpnsenseTooOldError } from './opnsense.errors';
export type { OpnsenseErrorCode } from './opnsense.errors';
export { KINDS, documented } from './opnsense.endpoints';
export type { OpnKind, KindDef } from './opnsense.endpoints';
