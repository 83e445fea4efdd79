import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '../common/tokens.ts';
import type { AppConfig } from '../config/config.schema.ts';
import { SandboxService } from './channels/sandbox.service.ts';
import { WebhookProcessor } from './channels/webhook-processor.service.ts';
import { MarkReadJob } from './conversations/jobs/mark-read.job.ts';
import { SendDispatcher } from './conversations/send-dispatcher.service.ts';
import { InboxBacklogJob } from './inbox/backlog.job.ts';
import { DownloadMediaJob } from './media/jobs/download-media.job.ts';
import { TemplateSyncJob } from './templates/template-sync.job.ts';

const SWEEP_MS = 1000;

/** Queue consumers and background loops; started by main (and tests) unless ROLE=api. */
@Injectable()
export class WorkersService implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SendDispatcher) private readonly send: SendDispatcher,
    @Inject(SandboxService) private readonly sandbox: SandboxService,
    @Inject(WebhookProcessor) private readonly processor: WebhookProcessor,
    @Inject(MarkReadJob) private readonly markRead: MarkReadJob,
    @Inject(DownloadMediaJob) private readonly downloadMedia: DownloadMediaJob,
    @Inject(TemplateSyncJob) private readonly templateSync: TemplateSyncJob,
    @Inject(InboxBacklogJob) private readonly inboxBacklog: InboxBacklogJob,
  ) {}

  async start(): Promise<void> {
    if (this.config.ROLE === 'api') return;
    await this.send.register();
    await this.sandbox.register();
    await this.templateSync.register();
    await this.inboxBacklog.register();
    await this.markRead.register();
    await this.downloadMedia.register();
    await this.processor.recoverStuck();
    this.processor.kick();
    // Webhooks stored by other processes (ROLE=api nodes) and sends whose wake-up job was coalesced
    // or whose retry time has come are picked up by this sweep.
    this.send.kick();
    this.timer = setInterval(() => {
      this.processor.kick();
      this.send.kick();
    }, SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
