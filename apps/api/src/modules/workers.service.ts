import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '../common/tokens.ts';
import type { AppConfig } from '../config/config.schema.ts';
import { SandboxService } from './channels/sandbox.service.ts';
import { WebhookProcessor } from './channels/webhook-processor.service.ts';
import { SendMessageJob } from './conversations/jobs/send-message.job.ts';

const SWEEP_MS = 1000;

/** Queue consumers and background loops; started by main (and tests) unless ROLE=api. */
@Injectable()
export class WorkersService implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SendMessageJob) private readonly send: SendMessageJob,
    @Inject(SandboxService) private readonly sandbox: SandboxService,
    @Inject(WebhookProcessor) private readonly processor: WebhookProcessor,
  ) {}

  async start(): Promise<void> {
    if (this.config.ROLE === 'api') return;
    await this.send.register();
    await this.sandbox.register();
    await this.processor.recoverStuck();
    this.processor.kick();
    // Webhooks stored by other processes (ROLE=api nodes) are picked up by this sweep.
    this.timer = setInterval(() => this.processor.kick(), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
