export * from './auth.ts';
export * from './channels.ts';
export * from './enums.ts';
export * from './phone.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './templates/template-rules.ts';
