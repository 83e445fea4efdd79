import { type ChannelAdapter, ProviderError } from '@conversa/channels';
import { channels, type Database, type Tx, templateEvents, templates } from '@conversa/db';
import {
  type CreateTemplateInput,
  checkTemplate,
  type FieldProblem,
  type ListTemplatesQuery,
  type PreviewTemplateInput,
  renderTemplate,
  type TemplateComponent,
  type TemplateEventKind,
  type TemplateEventView,
  type TemplatePage,
  type TemplatePreview,
  type TemplateStats,
  type TemplateSyncResult,
  type TemplateView,
  templateParameters,
  templateStatuses,
  type UpdateTemplateInput,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  max,
  ne,
  or,
  sql,
} from 'drizzle-orm';
import { currentContext } from '../../common/context.ts';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { audit, requireContext } from '../../common/tenancy.ts';
import { DATABASE, LOGGER, REALTIME } from '../../common/tokens.ts';
import type { RealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { ChannelAdapters } from '../channels/channel-adapters.ts';
import {
  applyStatusChange,
  findByProviderId,
  fromProviderStatus,
  statusRealtime,
  supersedeOthers,
  type TemplateRow,
} from './template-status.ts';
import {
  ProviderUnavailableError,
  TemplateInReviewError,
  TemplateInvalidError,
  TemplateNotSubmittableError,
  TemplateProviderRejectedError,
  TemplateRollbackInvalidError,
  TemplatesUnsupportedError,
} from './templates.errors.ts';

type ChannelRow = typeof channels.$inferSelect;
type Draft = Pick<CreateTemplateInput, 'name' | 'language' | 'category' | 'components'>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** `{{customer_name}}` anywhere in the header or body → named; else positional (Meta's default). */
function inferParameterFormat(components: Draft['components']): 'positional' | 'named' {
  const texts = components.flatMap((c) => ('text' in c && typeof c.text === 'string' ? [c.text] : []));
  return texts.some((t) => templateParameters(t).some((p) => p.kind === 'named')) ? 'named' : 'positional';
}

/** Rule errors → 422 with one field problem per finding (path + i18n key + params). */
function assertValid(draft: Draft) {
  const result = checkTemplate({ ...draft, components: draft.components as TemplateComponent[] });
  if (result.errors.length) {
    const fields: FieldProblem[] = result.errors.map((e) => ({
      path: e.path,
      code: e.code,
      message: e.messageKey,
      messageKey: e.messageKey,
      ...(e.params ? { params: e.params } : {}),
    }));
    throw new TemplateInvalidError('The template breaks Meta’s rules', fields);
  }
  return result.warnings;
}

/** Meta's failures in our words: its refusals are 422 with its message, outages 502. */
function providerProblem(err: unknown): Error {
  if (!(err instanceof ProviderError)) return err as Error;
  if (err.retryable || err.code === 'unavailable' || err.code === 'timeout')
    return new ProviderUnavailableError(err.message, undefined, { reason: err.reasonKey });
  const code = err.providerCode ? ` (${err.providerCode})` : '';
  // Meta's subcode 2388024: "Content in this language already exists for template …".
  const fields: FieldProblem[] | undefined = err.providerCode?.endsWith('/2388024')
    ? [{ path: 'name', code: 'taken-at-provider', message: 'Meta already has this name in this language' }]
    : undefined;
  return new TemplateProviderRejectedError(`${err.message}${code}`, fields, {
    reason: `${err.message}${code}`,
  });
}

/** Key order does not matter (jsonb reorders keys); arrays keep theirs. */
function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, norm(x)]),
          )
        : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Templates (issue 4): drafts checked against Meta's rules, submission and sync through the channel
 * adapter, versions and rollback. Verdicts from Meta are applied by `template-status.ts`.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
  ) {}

  // ------------------------------------------------------------------ helpers

  private tenant<T>(fn: (tx: Tx) => Promise<T>, tenantId = requireContext().tenantId) {
    return this.database.tenant(tenantId, fn);
  }

  private async publish(tenantId: string, outbox: RealtimeEvent[]) {
    for (const e of outbox) await this.realtime.publish(tenantId, e);
  }

  private async row(tx: Tx, id: string): Promise<TemplateRow> {
    const [t] = await tx
      .select()
      .from(templates)
      .where(and(eq(templates.id, id), isNull(templates.deletedAt)));
    if (!t) throw new NotFoundError('No such template');
    return t;
  }

  private async channel(tx: Tx, id: string): Promise<ChannelRow | undefined> {
    const [c] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, id), isNull(channels.deletedAt)));
    return c;
  }

  private family(t: Pick<TemplateRow, 'channelId' | 'name' | 'language'>) {
    return and(
      eq(templates.channelId, t.channelId),
      eq(templates.name, t.name),
      eq(templates.language, t.language),
      isNull(templates.deletedAt),
    );
  }

  private async event(
    tx: Tx,
    t: TemplateRow,
    kind: TemplateEventKind,
    status: TemplateRow['status'],
    extra: { reason?: string | null; payload?: Record<string, unknown> } = {},
  ) {
    await tx.insert(templateEvents).values({
      tenantId: t.tenantId,
      templateId: t.id,
      kind,
      status,
      reason: extra.reason ?? null,
      payload: extra.payload ?? null,
      actorId: currentContext()?.actor?.type === 'user' ? (currentContext()?.actor?.id ?? null) : null,
    });
  }

  view(t: TemplateRow): TemplateView {
    const components = t.components as TemplateView['components'];
    const { warnings } = checkTemplate({
      name: t.name,
      language: t.language,
      category: t.category,
      components: components as TemplateComponent[],
    });
    return {
      id: t.id,
      channelId: t.channelId,
      name: t.name,
      language: t.language,
      category: t.category,
      components,
      parameterFormat: t.parameterFormat,
      status: t.status,
      providerTemplateId: t.providerTemplateId,
      rejectionReason: t.rejectionReason,
      qualityScore: (t.qualityScore as TemplateView['qualityScore']) ?? null,
      version: t.version,
      parentId: t.parentId,
      submittedAt: iso(t.submittedAt),
      reviewedAt: iso(t.reviewedAt),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      warnings,
    };
  }

  private async fullView(tx: Tx, t: TemplateRow): Promise<TemplateView> {
    const [events, versions] = await Promise.all([
      tx
        .select()
        .from(templateEvents)
        .where(eq(templateEvents.templateId, t.id))
        .orderBy(asc(templateEvents.id)),
      tx
        .select({
          id: templates.id,
          version: templates.version,
          status: templates.status,
          createdAt: templates.createdAt,
        })
        .from(templates)
        .where(this.family(t))
        .orderBy(desc(templates.version)),
    ]);
    return {
      ...this.view(t),
      events: events.map(
        (e): TemplateEventView => ({
          id: e.id,
          kind: e.kind as TemplateEventView['kind'],
          status: e.status,
          reason: e.reason,
          payload: e.payload ?? null,
          actorId: e.actorId,
          createdAt: e.createdAt.toISOString(),
        }),
      ),
      versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    };
  }

  // ------------------------------------------------------------------ reads

  async list(q: ListTemplatesQuery): Promise<TemplatePage> {
    return this.tenant(async (tx) => {
      const latestOnly = !q.allVersions && !q.status?.length;
      const rows = await tx
        .select()
        .from(templates)
        .where(
          and(
            isNull(templates.deletedAt),
            q.channelId ? eq(templates.channelId, q.channelId) : undefined,
            q.status?.length ? inArray(templates.status, q.status) : undefined,
            q.category ? eq(templates.category, q.category) : undefined,
            q.language ? eq(templates.language, q.language) : undefined,
            q.q
              ? or(
                  ilike(templates.name, `%${escapeLike(q.q)}%`),
                  ilike(sql`${templates.components}::text`, `%${escapeLike(q.q)}%`),
                )
              : undefined,
            q.cursor ? lt(templates.id, q.cursor) : undefined,
            latestOnly
              ? sql`not exists (select 1 from templates n where n.channel_id = ${templates.channelId}
                  and n.name = ${templates.name} and n.language = ${templates.language}
                  and n.deleted_at is null and n.version > ${templates.version})`
              : undefined,
          ),
        )
        .orderBy(desc(templates.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((t) => this.view(t)),
        nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
      };
    });
  }

  async get(id: string): Promise<TemplateView> {
    return this.tenant(async (tx) => this.fullView(tx, await this.row(tx, id)));
  }

  async stats(channelId?: string): Promise<TemplateStats> {
    return this.tenant(async (tx) => {
      const scope = and(
        isNull(templates.deletedAt),
        channelId ? eq(templates.channelId, channelId) : undefined,
      );
      const byStatusRows = await tx
        .select({ status: templates.status, n: count() })
        .from(templates)
        .where(scope)
        .groupBy(templates.status);
      const byStatus = Object.fromEntries(templateStatuses.map((s) => [s, 0])) as TemplateStats['byStatus'];
      for (const r of byStatusRows) byStatus[r.status] = Number(r.n);
      // Approval rate over verdicts Meta gave (history), not over what is left in force today.
      const verdicts = await tx
        .select({ status: templateEvents.status, reason: templateEvents.reason, n: count() })
        .from(templateEvents)
        .innerJoin(templates, eq(templates.id, templateEvents.templateId))
        .where(
          and(
            scope,
            eq(templateEvents.kind, 'status'),
            inArray(templateEvents.status, ['APPROVED', 'REJECTED']),
          ),
        )
        .groupBy(templateEvents.status, templateEvents.reason);
      const approved = verdicts.filter((v) => v.status === 'APPROVED').reduce((a, v) => a + Number(v.n), 0);
      const rejected = verdicts.filter((v) => v.status === 'REJECTED');
      const rejectedTotal = rejected.reduce((a, v) => a + Number(v.n), 0);
      const reasons = new Map<string, number>();
      for (const r of rejected) {
        const key = r.reason ?? 'UNKNOWN';
        reasons.set(key, (reasons.get(key) ?? 0) + Number(r.n));
      }
      return {
        total: Object.values(byStatus).reduce((a, b) => a + b, 0),
        byStatus,
        approvalRate: approved + rejectedTotal > 0 ? approved / (approved + rejectedTotal) : null,
        topRejectionReasons: [...reasons]
          .map(([reason, n]) => ({ reason, count: n }))
          .sort((a, b) => b.count - a.count)
          .slice(0, 5),
      };
    });
  }

  async preview(id: string, input: PreviewTemplateInput): Promise<TemplatePreview> {
    const t = await this.tenant((tx) => this.row(tx, id));
    const components = t.components as TemplateComponent[];
    const headerText =
      typeof input.header === 'string'
        ? input.header
        : input.header && 'text' in input.header
          ? input.header.text
          : undefined;
    const buttons: (string | undefined)[] = [];
    for (const b of input.buttons ?? []) buttons[b.index] = b.value;
    const headerValues =
      headerText === undefined
        ? undefined
        : t.parameterFormat === 'named'
          ? namedHeader(components, headerText)
          : [headerText];
    const out = renderTemplate(components, {
      variables: input.variables,
      ...(headerValues ? { header: headerValues } : {}),
      buttons,
    });
    const header = components.find((c) => c.type === 'HEADER');
    const link =
      input.header && typeof input.header === 'object' && 'link' in input.header
        ? input.header.link
        : header?.type === 'HEADER'
          ? header.example?.header_handle?.[0]
          : undefined;
    return {
      text: out.text,
      ...(header?.type === 'HEADER'
        ? {
            header: {
              format: header.format,
              ...(header.format === 'TEXT' ? { text: out.header ?? '' } : {}),
              ...(header.format !== 'TEXT' && header.format !== 'LOCATION' && link ? { link } : {}),
            },
          }
        : {}),
      ...(out.footer !== undefined ? { footer: out.footer } : {}),
      ...(out.buttons.length ? { buttons: out.buttons } : {}),
    };
  }

  // ------------------------------------------------------------------ drafts and versions

  async create(input: CreateTemplateInput): Promise<TemplateView> {
    const warnings = assertValid(input);
    return this.tenant(async (tx) => {
      const { tenantId } = requireContext();
      if (!(await this.channel(tx, input.channelId)))
        throw new ValidationFailedError('No such channel', [
          { path: 'channelId', code: 'not_found', message: 'No such channel' },
        ]);
      const [existing] = await tx
        .select({ id: templates.id })
        .from(templates)
        .where(this.family({ channelId: input.channelId, name: input.name, language: input.language }))
        .limit(1);
      if (existing)
        throw new ConflictError('A template with this name and language exists on this channel', [
          { path: 'name', code: 'taken', message: 'A template with this name and language exists' },
        ]);
      const [t] = await tx
        .insert(templates)
        .values({
          tenantId,
          channelId: input.channelId,
          name: input.name,
          language: input.language,
          category: input.category,
          components: input.components,
          parameterFormat: input.parameterFormat ?? inferParameterFormat(input.components),
        })
        .returning();
      await this.event(tx, t!, 'created', 'DRAFT');
      await audit(tx, {
        action: 'template.created',
        targetType: 'template',
        targetId: t!.id,
        metadata: { name: t!.name, language: t!.language, category: t!.category },
      });
      return { ...(await this.fullView(tx, t!)), warnings };
    });
  }

  /**
   * DRAFT/REJECTED change in place; APPROVED/PAUSED/DISABLED get a new DRAFT version (or the family's
   * newer draft is edited), since Meta re-reviews every change. SUBMITTED and DEPRECATED are refused.
   */
  async update(id: string, patch: UpdateTemplateInput): Promise<TemplateView> {
    return this.tenant(async (tx) => {
      const current = await this.row(tx, id);
      if (current.status === 'SUBMITTED') throw new TemplateInReviewError('Meta is reviewing this template');
      let target = current;
      const inForce = ['APPROVED', 'PAUSED', 'DISABLED', 'DEPRECATED'].includes(current.status);
      if (inForce) {
        const locked = (['channelId', 'name', 'language', 'category'] as const).filter(
          (k) => patch[k] !== undefined && patch[k] !== current[k],
        );
        if (locked.length)
          throw new ValidationFailedError(
            'Name, language, channel and category of a reviewed template cannot change; create a new template',
            locked.map((k) => ({ path: k, code: 'locked', message: 'Cannot change after review' })),
          );
        // Edit the family's newer draft if there is one, instead of starting another.
        const [newer] = await tx
          .select()
          .from(templates)
          .where(and(this.family(current), inArray(templates.status, ['DRAFT', 'REJECTED'])))
          .orderBy(desc(templates.version))
          .limit(1);
        if (newer && newer.version > current.version) target = newer;
      }
      const draft: Draft = {
        name: patch.name ?? target.name,
        language: patch.language ?? target.language,
        category: patch.category ?? target.category,
        components: patch.components ?? (target.components as Draft['components']),
      };
      const warnings = assertValid(draft);
      const parameterFormat = patch.parameterFormat ?? inferParameterFormat(draft.components);
      if (patch.channelId && !(await this.channel(tx, patch.channelId)))
        throw new ValidationFailedError('No such channel', [
          { path: 'channelId', code: 'not_found', message: 'No such channel' },
        ]);

      let saved: TemplateRow;
      if (inForce && target === current) {
        const [top] = await tx
          .select({ v: max(templates.version) })
          .from(templates)
          .where(this.family(current));
        const [t] = await tx
          .insert(templates)
          .values({
            tenantId: current.tenantId,
            channelId: current.channelId,
            ...draft,
            parameterFormat,
            version: (top?.v ?? current.version) + 1,
            parentId: current.id,
          })
          .returning();
        saved = t!;
        await this.event(tx, saved, 'created', 'DRAFT', {
          payload: { fromVersion: current.version, fromId: current.id },
        });
        await audit(tx, {
          action: 'template.versioned',
          targetType: 'template',
          targetId: saved.id,
          metadata: { from: current.id, version: saved.version },
        });
      } else {
        if (draft.name !== target.name || draft.language !== target.language || patch.channelId) {
          const [clash] = await tx
            .select({ id: templates.id })
            .from(templates)
            .where(
              and(
                this.family({
                  channelId: patch.channelId ?? target.channelId,
                  name: draft.name,
                  language: draft.language,
                }),
                ne(templates.id, target.id),
              ),
            )
            .limit(1);
          if (clash)
            throw new ConflictError('A template with this name and language exists on this channel', [
              { path: 'name', code: 'taken', message: 'A template with this name and language exists' },
            ]);
        }
        const [t] = await tx
          .update(templates)
          .set({
            ...draft,
            ...(patch.channelId ? { channelId: patch.channelId } : {}),
            parameterFormat,
            status: 'DRAFT',
          })
          .where(eq(templates.id, target.id))
          .returning();
        saved = t!;
        if (target.status !== 'DRAFT')
          await this.event(tx, saved, 'created', 'DRAFT', { payload: { edited: true } });
        await audit(tx, {
          action: 'template.updated',
          targetType: 'template',
          targetId: saved.id,
          metadata: { fields: Object.keys(patch) },
        });
      }
      return { ...(await this.fullView(tx, saved)), warnings };
    });
  }

  /** Soft delete; Meta's copy is deleted too when no other version still uses it. */
  async remove(id: string): Promise<void> {
    const { t, channel, shared } = await this.tenant(async (tx) => {
      const t = await this.row(tx, id);
      const channel = await this.channel(tx, t.channelId);
      const [other] = t.providerTemplateId
        ? await tx
            .select({ id: templates.id })
            .from(templates)
            .where(
              and(
                isNull(templates.deletedAt),
                eq(templates.providerTemplateId, t.providerTemplateId),
                ne(templates.id, t.id),
                ne(templates.status, 'DEPRECATED'),
              ),
            )
            .limit(1)
        : [];
      return { t, channel, shared: Boolean(other) };
    });
    const adapter = channel ? this.adapters.for(channel) : undefined;
    if (t.providerTemplateId && !shared && adapter?.deleteTemplate) {
      try {
        await adapter.deleteTemplate(t.name, t.providerTemplateId);
      } catch (err) {
        // Already gone at Meta is what we wanted; anything else stops the delete.
        if (!(err instanceof ProviderError && err.code === 'invalid-request')) throw providerProblem(err);
      }
    }
    await this.tenant(async (tx) => {
      await tx.update(templates).set({ deletedAt: new Date() }).where(eq(templates.id, id));
      await audit(tx, {
        action: 'template.deleted',
        targetType: 'template',
        targetId: id,
        metadata: {
          name: t.name,
          language: t.language,
          version: t.version,
          atProvider: Boolean(t.providerTemplateId && !shared),
        },
      });
    });
  }

  // ------------------------------------------------------------------ Meta

  /** The Meta template id this name + language already has (an earlier version), if any. */
  private async familyProviderId(tx: Tx, t: TemplateRow): Promise<string | null> {
    if (t.providerTemplateId) return t.providerTemplateId;
    const [r] = await tx
      .select({ id: templates.providerTemplateId })
      .from(templates)
      .where(
        and(
          eq(templates.channelId, t.channelId),
          eq(templates.name, t.name),
          eq(templates.language, t.language),
          isNotNull(templates.providerTemplateId),
        ),
      )
      .orderBy(desc(templates.version))
      .limit(1);
    return r?.id ?? null;
  }

  /**
   * Sends a DRAFT/REJECTED template to Meta: a first version is created (`POST /{waba}/message_templates`),
   * a later version edits the existing Meta template (`POST /{template-id}`), which Meta reviews again.
   * The sandbox has no reviewer: it approves at once.
   */
  async submit(id: string): Promise<TemplateView> {
    const { tenantId } = requireContext();
    // Claim first so that two clicks do not create two Meta templates.
    const { t, channel, providerId } = await this.tenant(async (tx) => {
      const t = await this.row(tx, id);
      if (t.status !== 'DRAFT' && t.status !== 'REJECTED')
        throw new TemplateNotSubmittableError(`A ${t.status} template cannot be submitted`, undefined, {
          status: t.status,
        });
      assertValid({ ...t, components: t.components as Draft['components'] });
      const channel = await this.channel(tx, t.channelId);
      if (!channel) throw new NotFoundError('The template’s channel is gone');
      const [claimed] = await tx
        .update(templates)
        .set({ status: 'SUBMITTED', submittedAt: new Date() })
        .where(and(eq(templates.id, id), eq(templates.status, t.status)))
        .returning();
      if (!claimed) throw new TemplateInReviewError('This template is being submitted');
      return { t, channel, providerId: await this.familyProviderId(tx, t) };
    });
    const revert = () =>
      this.tenant((tx) =>
        tx
          .update(templates)
          .set({ status: t.status, submittedAt: t.submittedAt })
          .where(eq(templates.id, id)),
      );
    const adapter = this.adapters.for(channel);
    let result: {
      providerTemplateId: string | null;
      status: TemplateRow['status'];
      source: 'submit' | 'sandbox';
    };
    try {
      if (adapter.createTemplate) {
        const definition = {
          name: t.name,
          language: t.language,
          category: t.category,
          components: t.components,
          parameterFormat: t.parameterFormat,
        };
        if (providerId && adapter.editTemplate) {
          await adapter.editTemplate(providerId, { category: t.category, components: t.components });
          result = { providerTemplateId: providerId, status: 'SUBMITTED', source: 'submit' };
        } else {
          const created = await adapter.createTemplate(definition);
          result = {
            providerTemplateId: created.providerTemplateId,
            status: fromProviderStatus[created.status] ?? 'SUBMITTED',
            source: 'submit',
          };
        }
      } else if (channel.kind === 'sandbox') {
        result = { providerTemplateId: null, status: 'APPROVED', source: 'sandbox' };
      } else {
        throw new TemplatesUnsupportedError('This channel’s provider has no template management');
      }
    } catch (err) {
      await revert();
      this.log.warn({ err, templateId: id }, 'template submission failed');
      throw providerProblem(err);
    }
    const outbox: RealtimeEvent[] = [];
    const view = await this.tenant(async (tx) => {
      const [submitted] = await tx
        .update(templates)
        .set({ providerTemplateId: result.providerTemplateId, rejectionReason: null })
        .where(eq(templates.id, id))
        .returning();
      await this.event(tx, submitted!, 'submitted', 'SUBMITTED', {
        payload: { providerTemplateId: result.providerTemplateId, edit: Boolean(providerId) },
      });
      await audit(tx, {
        action: 'template.submitted',
        targetType: 'template',
        targetId: id,
        metadata: { providerTemplateId: result.providerTemplateId },
      });
      outbox.push(statusRealtime(submitted!, t.status));
      let row = submitted!;
      if (result.status !== 'SUBMITTED')
        row = await applyStatusChange(tx, row, { status: result.status, source: result.source }, outbox);
      return this.fullView(tx, row);
    });
    await this.publish(tenantId, outbox);
    return view;
  }

  /**
   * Re-activates an earlier version that Meta approved once. The versions now in force (approved,
   * paused, disabled, or in review) become DEPRECATED; newer drafts stay as they are. On Meta the
   * template's content goes back to this version through an edit, which Meta reviews again, so the
   * version is SUBMITTED until the verdict arrives; where there is no Meta template (sandbox) it is
   * APPROVED at once.
   */
  async rollback(id: string, reason?: string): Promise<TemplateView> {
    const { tenantId } = requireContext();
    const { t, channel, providerId, active } = await this.tenant(async (tx) => {
      const t = await this.row(tx, id);
      const [wasApproved] = await tx
        .select({ id: templateEvents.id })
        .from(templateEvents)
        .where(and(eq(templateEvents.templateId, id), eq(templateEvents.status, 'APPROVED')))
        .limit(1);
      if (!wasApproved || t.status === 'APPROVED' || t.status === 'SUBMITTED')
        throw new TemplateRollbackInvalidError(
          'Only an earlier version that Meta approved can be re-activated',
        );
      const active = await tx
        .select()
        .from(templates)
        .where(
          and(
            this.family(t),
            ne(templates.id, id),
            inArray(templates.status, ['APPROVED', 'PAUSED', 'DISABLED', 'SUBMITTED']),
          ),
        );
      const channel = await this.channel(tx, t.channelId);
      if (!channel) throw new NotFoundError('The template’s channel is gone');
      return { t, channel, providerId: await this.familyProviderId(tx, t), active };
    });
    const adapter = this.adapters.for(channel);
    let status: TemplateRow['status'] = 'APPROVED';
    if (providerId && adapter.editTemplate) {
      try {
        await adapter.editTemplate(providerId, { category: t.category, components: t.components });
      } catch (err) {
        throw providerProblem(err);
      }
      status = 'SUBMITTED';
    }
    const outbox: RealtimeEvent[] = [];
    const view = await this.tenant(async (tx) => {
      for (const a of active) {
        const [d] = await tx
          .update(templates)
          .set({ status: 'DEPRECATED' })
          .where(eq(templates.id, a.id))
          .returning();
        await this.event(tx, d!, 'superseded', 'DEPRECATED', {
          payload: { rolledBackTo: t.version, byId: t.id },
        });
        outbox.push(statusRealtime(d!, a.status));
      }
      const [r] = await tx
        .update(templates)
        .set({
          status,
          providerTemplateId: providerId ?? t.providerTemplateId,
          rejectionReason: null,
          ...(status === 'SUBMITTED' ? { submittedAt: new Date() } : { reviewedAt: new Date() }),
        })
        .where(eq(templates.id, id))
        .returning();
      await this.event(tx, r!, 'rollback', status, {
        reason: reason ?? null,
        payload: { fromVersions: active.map((a) => a.version), toVersion: t.version },
      });
      if (status === 'APPROVED') await supersedeOthers(tx, r!, outbox);
      await audit(tx, {
        action: 'template.rolled-back',
        targetType: 'template',
        targetId: id,
        metadata: { version: t.version, deprecated: active.map((a) => a.id), reason },
      });
      outbox.push(statusRealtime(r!, t.status));
      return this.fullView(tx, r!);
    });
    await this.publish(tenantId, outbox);
    return view;
  }

  /** Pulls the WABA's templates of one channel (or all channels that can list them) for the request's tenant. */
  async syncForRequest(channelId?: string): Promise<TemplateSyncResult> {
    const { tenantId } = requireContext();
    const list = await this.tenant((tx) =>
      tx
        .select()
        .from(channels)
        .where(and(isNull(channels.deletedAt), channelId ? eq(channels.id, channelId) : undefined)),
    );
    if (channelId && list.length === 0) throw new NotFoundError('No such channel');
    const total: TemplateSyncResult = { channels: 0, created: 0, updated: 0, unchanged: 0 };
    for (const c of list) {
      const adapter = this.adapters.for(c);
      if (!adapter.listTemplates) {
        if (channelId)
          throw new TemplatesUnsupportedError('This channel’s provider has no template management');
        continue;
      }
      let r: Omit<TemplateSyncResult, 'channels'>;
      try {
        r = await this.syncChannel(tenantId, c, adapter);
      } catch (err) {
        throw providerProblem(err);
      }
      total.channels++;
      total.created += r.created;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
    }
    await this.tenant((tx) =>
      audit(tx, {
        action: 'template.synced',
        targetType: 'channel',
        targetId: channelId ?? null,
        metadata: total,
      }),
    );
    return total;
  }

  /**
   * Upserts every template Meta lists for the channel: unknown ones are imported (made in Meta's
   * manager), known ones take Meta's status, content and reason. Safe to run twice; usable from jobs.
   */
  async syncChannel(
    tenantId: string,
    channel: ChannelRow,
    adapter: ChannelAdapter = this.adapters.for(channel),
  ): Promise<Omit<TemplateSyncResult, 'channels'>> {
    const result = { created: 0, updated: 0, unchanged: 0 };
    if (!adapter.listTemplates) return result;
    let after: string | undefined;
    const outbox: RealtimeEvent[] = [];
    for (let pages = 0; pages < 100; pages++) {
      const page = await adapter.listTemplates({ limit: 100, ...(after ? { after } : {}) });
      await this.database.tenant(tenantId, async (tx) => {
        for (const p of page.items) {
          const status = fromProviderStatus[p.status];
          const category = (['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const).find(
            (x) => x === p.category,
          );
          const existing = await findByProviderId(tx, channel.id, p.providerTemplateId);
          if (!existing) {
            if (!status || !category) continue;
            const [top] = await tx
              .select({ v: max(templates.version) })
              .from(templates)
              .where(this.family({ channelId: channel.id, name: p.name, language: p.language }));
            const components = p.components as Draft['components'];
            const [t] = await tx
              .insert(templates)
              .values({
                tenantId,
                channelId: channel.id,
                name: p.name,
                language: p.language,
                category,
                components,
                parameterFormat: inferParameterFormat(components),
                status,
                providerTemplateId: p.providerTemplateId,
                rejectionReason: p.rejectionReason ?? null,
                version: (top?.v ?? 0) + 1,
                reviewedAt: status === 'SUBMITTED' ? null : new Date(),
              })
              .returning();
            await tx.insert(templateEvents).values({
              tenantId,
              templateId: t!.id,
              kind: 'synced',
              status,
              reason: p.rejectionReason ?? null,
              payload: { source: 'sync', providerStatus: p.status },
            });
            await audit(tx, {
              tenantId,
              action: 'template.imported',
              targetType: 'template',
              targetId: t!.id,
              metadata: { name: p.name, language: p.language, providerTemplateId: p.providerTemplateId },
            });
            outbox.push(statusRealtime(t!, 'DRAFT'));
            result.created++;
            continue;
          }
          let row = existing;
          let changed = false;
          // Meta's copy is the truth for what is under review or in force.
          if (!sameJson(row.components, p.components) || (category && category !== row.category)) {
            const [u] = await tx
              .update(templates)
              .set({ components: p.components, ...(category ? { category } : {}) })
              .where(eq(templates.id, row.id))
              .returning();
            row = u!;
            changed = true;
          }
          if (status && (status !== row.status || (p.rejectionReason ?? null) !== row.rejectionReason)) {
            const next = await applyStatusChange(
              tx,
              row,
              { status, reason: p.rejectionReason ?? null, source: 'sync', providerStatus: p.status },
              outbox,
            );
            changed = changed || next !== row;
          }
          if (changed) result.updated++;
          else result.unchanged++;
        }
      });
      after = page.next;
      if (!after) break;
    }
    for (const e of outbox) await this.realtime.publish(tenantId, e);
    return result;
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A named text header's single parameter gets the given value. */
function namedHeader(components: TemplateComponent[], value: string): Record<string, string> {
  const header = components.find((c) => c.type === 'HEADER');
  const name =
    header?.type === 'HEADER' && header.text ? templateParameters(header.text)[0]?.name : undefined;
  return name ? { [name]: value } : {};
}
