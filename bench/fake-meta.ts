// The fake Graph API in its own process, so the send figure counts only our server's CPU.
// Parent → child messages: { webhookUrl } sets where statuses/inbound go; { inbound } posts one.
import { startFakeGraphApi } from '@conversa/testkit';

const meta = await startFakeGraphApi({ record: false, statusPlan: 'none' });
process.on('message', async (m: { webhookUrl?: string; inbound?: { text: string; from: string } }) => {
  if (m.webhookUrl) meta.webhookUrl = m.webhookUrl;
  if (m.inbound) await meta.sendInbound({ type: 'text', ...m.inbound });
  process.send?.({ ok: true });
});
process.on('disconnect', () => void meta.close().then(() => process.exit(0)));
process.send?.({
  url: meta.url,
  wabaId: meta.wabaId,
  phoneNumberId: meta.phoneNumberId,
  accessToken: meta.accessToken,
  appSecret: meta.appSecret,
});
