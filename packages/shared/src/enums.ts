// Value lists live with the Drizzle schema (the one source); this subpath has no server code.
export * from '@conversa/db/enums';
