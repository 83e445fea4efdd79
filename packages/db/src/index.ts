export * from './database.ts';
export * from './schema/index.ts';
export { uuidv7 } from './uuidv7.ts';
