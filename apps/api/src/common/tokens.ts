/** Injection tokens for values built before Nest starts (so tests can hand in their own). */
export const CONFIG = Symbol('CONFIG');
export const DATABASE = Symbol('DATABASE');
export const LOGGER = Symbol('LOGGER');
export const ENCRYPTOR = Symbol('ENCRYPTOR');
export const QUEUE = Symbol('QUEUE');
export const REALTIME = Symbol('REALTIME');
export const STORAGE = Symbol('STORAGE');
