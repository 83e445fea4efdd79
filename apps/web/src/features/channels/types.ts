/** Shapes of the channel and inbox routes as the dashboard reads them (API.md "Channels", "Inbox"). */

export type ChannelKind = 'cloud' | 'sandbox' | 'evolution' | 'wuzapi' | 'http-broker';
export type ChannelStatus = 'pending' | 'connected' | 'unhealthy' | 'disconnected';
export type ChecklistStepKey =
  | 'credentials'
  | 'permanent-token'
  | 'webhook-verified'
  | 'first-event'
  | 'round-trip';
export type ChecklistState = 'ok' | 'failed' | 'pending';

export type ChecklistItem = { step: ChecklistStepKey; state: ChecklistState; reasonKey?: string };

export type HealthProblem = {
  code: string;
  reasonKey: string;
  severity: 'error' | 'warning';
  detail?: string;
};

export type ChannelHealth = {
  checkedAt: string;
  tokenPermanent: boolean | null;
  tokenExpiresAt: string | null;
  qualityRating: 'high' | 'medium' | 'low' | 'unknown' | null;
  messagingTier: number | 'unlimited' | null;
  throughput: 'standard' | 'high' | 'unknown' | null;
  webhooksSubscribed: boolean | null;
  problems: HealthProblem[];
};

export type Channel = {
  id: string;
  kind: ChannelKind;
  name: string;
  status: ChannelStatus;
  displayPhone: string | null;
  webhookUrl: string | null;
  verifyToken: string | null;
  webhookVerifiedAt: string | null;
  lastInboundAt: string | null;
  lastEventAt: string | null;
  eventsLastHour: number;
  health: ChannelHealth | null;
  /** The contract names the reason `reasonKey`; the first server build wrote `reason`: both are read. */
  lastError: { code: string; reasonKey?: string; reason?: string; at: string } | null;
  checklist: ChecklistItem[];
  /** This number's own messages-per-second limit, or null when the server default applies. */
  sendRatePerSecond: number | null;
  sendRateDefault: number;
  createdAt: string;
};

export type CloudCredentials = {
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  appId?: string;
  graphApiBaseUrl?: string;
};

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
export type SenderType = 'contact' | 'agent' | 'ai' | 'system' | 'bot';

export type Message = {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  senderType: SenderType;
  type: string;
  text: string | null;
  status: MessageStatus;
  error: { code: string; reason: string } | null;
  providerMessageId: string | null;
  createdAt: string;
};

export type Conversation = {
  id: string;
  channelId: string;
  contact: { id: string; name: string | null; phone: string };
  lastMessage: Message | null;
  unreadCount: number;
  windowExpiresAt: string | null;
  ticket: { id: string; status: string; queue: string | null } | null;
  updatedAt: string;
};
