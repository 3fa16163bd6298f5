export * from './permissions';
export * from './errors';
export * from './jobs';
export * from './health';
export * from './auth';
export * from './clusters';
export * from './console';
