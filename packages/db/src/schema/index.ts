export * from './common.ts';
export * from './enums.ts';
export * from './identity.ts';
export * from './messaging.ts';
export * from './templates.ts';
