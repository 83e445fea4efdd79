import {
  type ChannelAdapter,
  cloudCredentialsSchema,
  createCloudAdapter,
  createSandboxAdapter,
  type SandboxAdapter,
} from '@conversa/channels';
import type { channels } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import type { Encryptor } from '../../common/crypto.ts';
import type { Logger } from '../../common/logger.ts';
import { ENCRYPTOR, LOGGER } from '../../common/tokens.ts';

type ChannelRow = Pick<
  typeof channels.$inferSelect,
  'id' | 'kind' | 'credentials' | 'webhookSecret' | 'updatedAt'
>;

/** Builds (and caches per credentials version) the adapter for a channel; the only place that decrypts credentials. */
@Injectable()
export class ChannelAdapters {
  private readonly cache = new Map<string, { version: number; adapter: ChannelAdapter }>();

  constructor(
    @Inject(ENCRYPTOR) private readonly encryptor: Encryptor,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  for(channel: ChannelRow): ChannelAdapter {
    const version = channel.updatedAt.getTime();
    const hit = this.cache.get(channel.id);
    if (hit && hit.version === version) return hit.adapter;
    const adapter = this.build(channel);
    this.cache.set(channel.id, { version, adapter });
    return adapter;
  }

  sandbox(channel: ChannelRow): SandboxAdapter {
    if (channel.kind !== 'sandbox') throw new Error(`channel ${channel.id} is not a sandbox`);
    return this.for(channel) as SandboxAdapter;
  }

  private build(channel: ChannelRow): ChannelAdapter {
    switch (channel.kind) {
      case 'sandbox':
        return createSandboxAdapter({ channelId: channel.id, secret: channel.webhookSecret });
      case 'cloud': {
        const credentials = cloudCredentialsSchema.parse(this.encryptor.decryptJson(channel.credentials));
        const log = this.log.child({ channelId: channel.id });
        return createCloudAdapter(credentials, { logger: log });
      }
      default:
        throw new Error(`no adapter for channel kind ${channel.kind} yet`);
    }
  }
}
