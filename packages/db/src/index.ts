export * from './database.ts';
export * from './schema/index.ts';
export { uuidv7, uuidv7Floor } from './uuidv7.ts';
