import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './common/auth.guard.ts';
import { describeParams } from './common/param-types.ts';
import { ProblemFilter } from './common/problem.filter.ts';
import { ApiKeysController } from './modules/api-keys/api-keys.controller.ts';
import { ApiKeysService } from './modules/api-keys/api-keys.service.ts';
import { AuditController } from './modules/audit/audit.controller.ts';
import { AuthController } from './modules/auth/auth.controller.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { SessionsService } from './modules/auth/sessions.service.ts';
import { ChannelAdapters } from './modules/channels/channel-adapters.ts';
import { ChannelsController } from './modules/channels/channels.controller.ts';
import { ChannelsService } from './modules/channels/channels.service.ts';
import { InboundService } from './modules/channels/inbound.service.ts';
import { IngestService } from './modules/channels/ingest.service.ts';
import { SandboxService } from './modules/channels/sandbox.service.ts';
import { WebhookProcessor } from './modules/channels/webhook-processor.service.ts';
import { BlocklistService } from './modules/contacts/blocklist.service.ts';
import { BlocklistController, ContactsController } from './modules/contacts/contacts.controller.ts';
import { ContactsService } from './modules/contacts/contacts.service.ts';
import { ConversationsController } from './modules/conversations/conversations.controller.ts';
import { ConversationsService } from './modules/conversations/conversations.service.ts';
import { MarkReadJob } from './modules/conversations/jobs/mark-read.job.ts';
import { SendDispatcher } from './modules/conversations/send-dispatcher.service.ts';
import { HealthController } from './modules/health/health.controller.ts';
import { AssignmentService } from './modules/inbox/assignment.service.ts';
import { InboxBacklogJob } from './modules/inbox/backlog.job.ts';
import { DepartmentsService } from './modules/inbox/departments.service.ts';
import {
  ConversationTicketsController,
  DepartmentsController,
  InboxController,
  TicketsController,
} from './modules/inbox/inbox.controller.ts';
import { InboxStatsService } from './modules/inbox/stats.service.ts';
import { TicketsService } from './modules/inbox/tickets.service.ts';
import { DownloadMediaJob } from './modules/media/jobs/download-media.job.ts';
import { MediaController } from './modules/media/media.controller.ts';
import { MediaService } from './modules/media/media.service.ts';
import { UploadController } from './modules/media/upload.controller.ts';
import { UploadService } from './modules/media/upload.service.ts';
import { NotificationsController } from './modules/notifications/notifications.controller.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { TemplateSyncJob } from './modules/templates/template-sync.job.ts';
import { TemplatesController } from './modules/templates/templates.controller.ts';
import { TemplatesService } from './modules/templates/templates.service.ts';
import { BootstrapService } from './modules/tenants/bootstrap.service.ts';
import { TenantsController } from './modules/tenants/tenants.controller.ts';
import { TenantsService } from './modules/tenants/tenants.service.ts';
import { UsersController } from './modules/users/users.controller.ts';
import { UsersService } from './modules/users/users.service.ts';
import { WorkersService } from './modules/workers.service.ts';

const controllers = [
  ContactsController,
  BlocklistController,
  ChannelsController,
  ConversationsController,
  ConversationTicketsController,
  TicketsController,
  DepartmentsController,
  InboxController,
  MediaController,
  UploadController,
  HealthController,
  AuthController,
  UsersController,
  ApiKeysController,
  TenantsController,
  AuditController,
  TemplatesController,
  NotificationsController,
];
describeParams(controllers);

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static register()
export class AppModule {
  /** `infrastructure` are the values built before Nest (config, logger, drivers), keyed by their tokens. */
  static register(infrastructure: Provider[]): DynamicModule {
    return {
      module: AppModule,
      global: true,
      controllers,
      providers: [
        ...infrastructure,
        SessionsService,
        AuthService,
        UsersService,
        ApiKeysService,
        TenantsService,
        BootstrapService,
        ChannelAdapters,
        ChannelsService,
        InboundService,
        WebhookProcessor,
        IngestService,
        SandboxService,
        ConversationsService,
        AssignmentService,
        InboxBacklogJob,
        TicketsService,
        DepartmentsService,
        InboxStatsService,
        MarkReadJob,
        MediaService,
        UploadService,
        DownloadMediaJob,
        SendDispatcher,
        NotificationsService,
        TemplatesService,
        ContactsService,
        BlocklistService,
        TemplateSyncJob,
        WorkersService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
