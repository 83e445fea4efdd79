export * from './database.ts';
export * from './fake-graph-api.ts';
export * from './fake-s3.ts';
