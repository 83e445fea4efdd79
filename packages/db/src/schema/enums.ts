/** Value lists shared by the database, the API and the web app. Stored as text (portable, no enum migrations). */
export const roles = ['OWNER', 'ADMIN', 'MANAGER', 'AGENT', 'VIEWER'] as const;
export type Role = (typeof roles)[number];

export const channelKinds = ['cloud', 'evolution', 'wuzapi', 'sandbox', 'http-broker'] as const;
export const channelStatuses = ['pending', 'connected', 'unhealthy', 'disconnected'] as const;

export const consentStates = ['unknown', 'opted_in', 'opted_out'] as const;

export const ticketStatuses = ['OPEN', 'FOLLOW_UP', 'RESOLVED'] as const;
export const ticketQueues = ['ai', 'human', 'pending'] as const;
export const ticketOutcomes = ['sale', 'lost-price', 'lost-timing', 'no-response', 'other'] as const;

export const messageDirections = ['inbound', 'outbound'] as const;
export const senderTypes = ['contact', 'agent', 'ai', 'system', 'bot'] as const;
export const messageTypes = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'template',
  'reaction',
  'unsupported',
] as const;
/** Forward-only order; `failed` is terminal unless a retry succeeds (ARCHITECTURE §8). */
export const messageStatuses = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;

export const webhookStates = ['pending', 'processing', 'processed', 'failed', 'ignored'] as const;

export const templateCategories = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const templateStatuses = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'DEPRECATED',
] as const;

export const actorTypes = ['user', 'api_key', 'system', 'ai'] as const;
