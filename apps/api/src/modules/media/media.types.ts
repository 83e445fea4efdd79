import { mediaRules } from '@conversa/shared';
/**
 * The `messages.media` jsonb once the media feature has touched it. Inbound messages arrive with the
 * provider's `mediaId` (and mime, filename, webhook digest); the `media.download` job adds where the
 * bytes live in storage, or why they could not be fetched. Outbound ones carry `url` or `mediaId`.
 */
export interface StoredMedia {
  url?: string;
  mediaId?: string;
  mime?: string;
  filename?: string;
  /** Hex SHA-256 of the stored bytes once downloaded (before: the provider's digest, as it gave it). */
  sha256?: string;
  /** Storage key, `tenants/<tenantId>/media/<messageId>[.ext]`. */
  storageKey?: string;
  size?: number;
  downloadedAt?: string;
  /** Set when the download failed for good; `reason` is an i18n key. */
  error?: { code: string; reason: string; at: string };
}

/** WhatsApp's largest file (documents, 100 MB); anything bigger is refused with a clear reason. */
export const MEDIA_MAX_BYTES = Math.max(...Object.values(mediaRules).map((rule) => rule.maxBytes));

/** Where an uploaded file is kept, so the inbox can show what was sent by provider id. */
export const uploadKey = (tenantId: string, channelId: string, mediaId: string) =>
  `tenants/${tenantId}/uploads/${channelId}/${mediaId.replace(/[^\w.-]/g, '_')}`;
