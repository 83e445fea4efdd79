import { type Database, type TicketDayTotals, type Tx, ticketDayStats, uuidv7Floor } from '@conversa/db';
import {
  type InboxStats,
  type InboxStatsAgent,
  type InboxStatsDay,
  type InboxStatsPeriod,
  roleAtLeast,
  ticketOutcomes,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE } from '../../common/tokens.ts';

/** Width of a `message_counts` slot (see the table's comment in packages/db). */
const SLOT_MS = 15 * 60_000;
/** A slot is counted for good once it ended this long ago: transactions that wrote into it have committed. */
const SETTLE_MS = 5 * 60_000;
/** Advisory lock (with the tenant) shared by ticket writers, exclusive while days are counted (migration 0012). */
const DAY_STATS_LOCK = 7246101;

/** Milliseconds since the epoch encoded in a UUIDv7 column (its first 48 bits). */
const idMs = (column: SQL) => sql`('x' || translate(left(${column}::text, 13), '-', ''))::bit(48)::bigint`;

/**
 * A ticket's wait for its first response in whole seconds, coarser where nobody reads seconds (to the
 * minute from an hour, to ten minutes from a day): a day's waits then fit a small histogram, and
 * percentiles over any days are exact on these values.
 */
const wait = sql`greatest(0, extract(epoch from first_response_at - opened_at))`;
const roundedWait = sql`case when first_response_at is null then null else (case
  when ${wait} < 3600 then round(${wait})
  when ${wait} < 86400 then round(${wait} / 60) * 60
  else round(${wait} / 600) * 600 end)::int end`;

type Row = Record<string, unknown>;
type Hist = Map<number, number>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const emptyDay = (): TicketDayTotals => ({ opened: 0, resolved: 0, outcomes: {}, waits: {}, agents: {} });
const outcomeKeys = [...ticketOutcomes, 'none'] as const;

function addTo(hist: Hist, waits: Record<string, number> | undefined) {
  for (const [w, n] of Object.entries(waits ?? {})) hist.set(Number(w), (hist.get(Number(w)) ?? 0) + n);
}

/** PostgreSQL's percentile_cont over the values a histogram holds; null when it holds none. */
export function percentile(hist: Hist, p: number): number | null {
  const entries = [...hist.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((n, [, c]) => n + c, 0);
  if (!total) return null;
  const pos = p * (total - 1);
  const at = (k: number) => {
    let seen = 0;
    for (const [value, count] of entries) {
      seen += count;
      if (k < seen) return value;
    }
    return entries[entries.length - 1]![0];
  };
  const lo = at(Math.floor(pos));
  const hi = at(Math.ceil(pos));
  return Math.round(lo + (hi - lo) * (pos - Math.floor(pos)));
}

const countOf = (hist: Hist) => [...hist.values()].reduce((n, c) => n + c, 0);

/**
 * The overview's numbers (GET /inbox/stats): what is open now, the period's tickets and messages per
 * local day, outcomes, first response, and per agent for managers. A tenant's history never slows it
 * down and neither does a busy month: finished days of tickets come from `ticket_day_stats` and settled
 * quarter-hours of messages from `message_counts`, both counted once when first needed; only today's
 * tickets and the last minutes of messages are read live.
 */
@Injectable()
export class InboxStatsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async stats(days: InboxStatsPeriod): Promise<InboxStats> {
    const ctx = requireContext();
    const withAgents = roleAtLeast(ctx.role, 'MANAGER');
    const tenantId = ctx.tenantId;
    // Two transactions at once: what is open now does not wait for the period's figures.
    const [period, now] = await Promise.all([
      inTenant(this.database, (tx) => this.period(tx, tenantId, days)),
      inTenant(this.database, (tx) => this.now(tx, tenantId, withAgents)),
    ]);

    const periodDays = period.days.slice(days);
    const previousDays = period.days.slice(0, days);
    const outcomes: InboxStats['outcomes'] = {
      sale: 0,
      'lost-price': 0,
      'lost-timing': 0,
      'no-response': 0,
      other: 0,
      none: 0,
    };
    const waits: Hist = new Map();
    const previousWaits: Hist = new Map();
    const agentResolved = new Map<string, number>();
    const agentWaits = new Map<string, Hist>();
    const dayRows: InboxStatsDay[] = periodDays.map(({ date, totals }) => {
      for (const [k, n] of Object.entries(totals.outcomes)) {
        const key = (outcomeKeys as readonly string[]).includes(k) ? (k as keyof typeof outcomes) : 'other';
        outcomes[key] += n;
      }
      addTo(waits, totals.waits);
      for (const [id, a] of Object.entries(totals.agents)) {
        agentResolved.set(id, (agentResolved.get(id) ?? 0) + (a.resolved ?? 0));
        if (!agentWaits.has(id)) agentWaits.set(id, new Map());
        addTo(agentWaits.get(id)!, a.waits);
      }
      const m = period.messages.get(date);
      return {
        date,
        opened: totals.opened,
        resolved: totals.resolved,
        inbound: m?.inbound ?? 0,
        outbound: m?.outbound ?? 0,
      };
    });
    for (const { totals } of previousDays) addTo(previousWaits, totals.waits);
    const today = periodDays[periodDays.length - 1]!.totals;
    const todayWaits: Hist = new Map();
    addTo(todayWaits, today.waits);

    let agents: InboxStatsAgent[] | undefined;
    if (withAgents) {
      agents = now.members.map((m) => ({
        id: m.id,
        name: m.name,
        available: m.available,
        open: m.open,
        resolved: agentResolved.get(m.id) ?? 0,
        firstResponseMedian: percentile(agentWaits.get(m.id) ?? new Map(), 0.5),
      }));
    }
    return {
      period: { days, from: dayRows[0]!.date, to: dayRows[dayRows.length - 1]!.date, timezone: period.tz },
      now: {
        open: now.open,
        waiting: now.waiting,
        unread: now.unread,
        agentsAvailable: now.members.filter((m) => m.available).length,
      },
      today: {
        opened: today.opened,
        resolved: today.resolved,
        firstResponseMedian: percentile(todayWaits, 0.5),
      },
      days: dayRows,
      outcomes,
      firstResponse: {
        median: percentile(waits, 0.5),
        p90: percentile(waits, 0.9),
        answered: countOf(waits),
        previousMedian: percentile(previousWaits, 0.5),
      },
      ...(agents ? { agents } : {}),
    };
  }

  /** Open conversations now, and the people who take them (with their open tickets for managers). */
  private async now(tx: Tx, tenantId: string, withAgents: boolean) {
    const [counts] = (
      await tx.execute(sql`
        select count(*)::int as open,
               (count(*) filter (where assignee_id is null and queue is distinct from 'ai'))::int as waiting,
               (count(*) filter (where unread_count > 0))::int as unread
          from conversations
         where tenant_id = ${tenantId} and ticket_status in ('OPEN', 'FOLLOW_UP')`)
    ).rows as Row[];
    const members = (
      await tx.execute(sql`
        select m.user_id::text as id, u.name, m.available,
               ${
                 withAgents
                   ? sql`(select count(*)::int from tickets t
                           where t.tenant_id = m.tenant_id and t.assignee_id = m.user_id
                             and t.status <> 'RESOLVED')`
                   : sql`0`
               } as open
          from memberships m join users u on u.id = m.user_id
         where m.tenant_id = ${tenantId} and m.disabled_at is null and u.disabled_at is null
           and m.role <> 'VIEWER'
         order by u.name, m.user_id`)
    ).rows as Row[];
    return {
      open: num(counts?.open),
      waiting: num(counts?.waiting),
      unread: num(counts?.unread),
      members: members.map((m) => ({
        id: String(m.id),
        name: String(m.name ?? ''),
        available: Boolean(m.available),
        open: num(m.open),
      })),
    };
  }

  /**
   * The period and the one before it (for the first-response trend), one entry per local day, oldest
   * first: finished days from `ticket_day_stats` (counting the missing ones), today live; and messages.
   */
  private async period(tx: Tx, tenantId: string, days: InboxStatsPeriod) {
    // Local midnights in the tenant's time zone, computed by the database (DST-safe).
    const [p] = (
      await tx.execute(sql`
        select t.timezone as tz, (now() at time zone t.timezone)::date::text as today,
               extract(epoch from now())::float8 * 1000 as now_ms
          from tenants t where t.id = ${tenantId}`)
    ).rows as Row[];
    if (!p) throw new Error('stats: the tenant is not visible in its own transaction');
    const tz = String(p.tz);
    const todayDate = String(p.today);
    const calendar = (
      await tx.execute(sql`
        select g::date::text as day,
               extract(epoch from (g::date::timestamp at time zone ${tz}))::float8 * 1000 as starts_ms,
               extract(epoch from ((g::date + 1)::timestamp at time zone ${tz}))::float8 * 1000 as ends_ms
          from generate_series(${todayDate}::date - ${2 * days - 1}::int, ${todayDate}::date, interval '1 day') g
         order by 1`)
    ).rows.map((r) => ({
      day: String((r as Row).day),
      starts: num((r as Row).starts_ms),
      ends: num((r as Row).ends_ms),
    }));
    const past = calendar.slice(0, -1);
    const today = calendar[calendar.length - 1]!;

    const stored = async (wanted: string[]) => {
      if (!wanted.length) return new Map<string, TicketDayTotals>();
      const rows = (
        await tx.execute(sql`
          select day::text as day, totals from ticket_day_stats
           where tenant_id = ${tenantId} and timezone = ${tz}
             and day >= ${wanted[0]}::date and day <= ${wanted[wanted.length - 1]}::date`)
      ).rows as Row[];
      return new Map(
        rows.map((r) => [
          String(r.day),
          (typeof r.totals === 'string' ? JSON.parse(r.totals) : r.totals) as TicketDayTotals,
        ]),
      );
    };
    const totals = await stored(past.map((d) => d.day));
    if (past.some((d) => !totals.has(d.day))) {
      // Ticket writers hold this lock shared until they commit: once it is ours, every change to these
      // days is visible, and later ones wait for this transaction, then forget what it stores.
      await tx.execute(sql`select pg_advisory_xact_lock(${DAY_STATS_LOCK}, hashtext(${tenantId}::text))`);
      for (const [day, t] of await stored(past.filter((d) => !totals.has(d.day)).map((d) => d.day))) {
        totals.set(day, t);
      }
      const missing = past.filter((d) => !totals.has(d.day));
      if (missing.length) {
        const counted = await this.countDays(
          tx,
          tenantId,
          tz,
          missing[0]!.starts,
          missing[missing.length - 1]!.ends,
        );
        await tx
          .insert(ticketDayStats)
          .values(
            missing.map((d) => {
              const t = counted.get(d.day) ?? emptyDay();
              totals.set(d.day, t);
              return {
                tenantId,
                timezone: tz,
                day: d.day,
                startsAt: new Date(d.starts),
                endsAt: new Date(d.ends),
                totals: t,
              };
            }),
          )
          .onConflictDoUpdate({
            target: [ticketDayStats.tenantId, ticketDayStats.timezone, ticketDayStats.day],
            set: {
              totals: sql`excluded.totals`,
              startsAt: sql`excluded.starts_at`,
              endsAt: sql`excluded.ends_at`,
            },
          });
      }
    }
    const live = await this.countDays(tx, tenantId, tz, today.starts, null);
    const entries = calendar.map((d) => ({
      date: d.day,
      totals: d === today ? (live.get(d.day) ?? emptyDay()) : (totals.get(d.day) ?? emptyDay()),
    }));
    const messages = await this.messagesPerDay(tx, tenantId, tz, calendar[days]!.starts, num(p.now_ms));
    return { tz, days: entries, messages };
  }

  /** Ticket figures per local day for tickets opened, or resolved, in [fromMs, toMs) (toMs null: no end). */
  private async countDays(
    tx: Tx,
    tenantId: string,
    tz: string,
    fromMs: number,
    toMs: number | null,
  ): Promise<Map<string, TicketDayTotals>> {
    const from = new Date(fromMs).toISOString();
    const to = toMs === null ? null : new Date(toMs).toISOString();
    const opened = (
      await tx.execute(sql`
        select (opened_at at time zone ${tz})::date::text as day, first_response_by::text as by,
               ${roundedWait} as w, count(*)::int as n
          from tickets
         where tenant_id = ${tenantId} and opened_at >= ${from}::timestamptz
               ${to ? sql`and opened_at < ${to}::timestamptz` : sql``}
         group by 1, 2, 3`)
    ).rows as Row[];
    const resolved = (
      await tx.execute(sql`
        select (resolved_at at time zone ${tz})::date::text as day, outcome, assignee_id::text as assignee,
               count(*)::int as n
          from tickets
         where tenant_id = ${tenantId} and resolved_at >= ${from}::timestamptz
               ${to ? sql`and resolved_at < ${to}::timestamptz` : sql``}
         group by 1, 2, 3`)
    ).rows as Row[];
    const out = new Map<string, TicketDayTotals>();
    const dayOf = (r: Row) => {
      const key = String(r.day);
      if (!out.has(key)) out.set(key, emptyDay());
      return out.get(key)!;
    };
    const agentOf = (d: TicketDayTotals, id: string) => {
      d.agents[id] = d.agents[id] ?? {};
      return d.agents[id];
    };
    const bump = (rec: Record<string, number>, key: string, n: number) => {
      rec[key] = (rec[key] ?? 0) + n;
    };
    for (const r of opened) {
      const d = dayOf(r);
      const n = num(r.n);
      d.opened += n;
      if (r.w === null || r.w === undefined) continue;
      bump(d.waits, String(r.w), n);
      if (r.by) {
        const a = agentOf(d, String(r.by));
        a.waits = a.waits ?? {};
        bump(a.waits, String(r.w), n);
      }
    }
    for (const r of resolved) {
      const d = dayOf(r);
      const n = num(r.n);
      d.resolved += n;
      bump(d.outcomes, r.outcome ? String(r.outcome) : 'none', n);
      if (r.assignee) {
        const a = agentOf(d, String(r.assignee));
        a.resolved = (a.resolved ?? 0) + n;
      }
    }
    return out;
  }

  /**
   * Inbound and outbound messages per local day since `fromMs`: settled 15-minute slots from
   * `message_counts` (counting the missing ones first), the last minutes live from `messages`.
   */
  private async messagesPerDay(
    tx: Tx,
    tenantId: string,
    tz: string,
    fromMs: number,
    nowMs: number,
  ): Promise<Map<string, { inbound: number; outbound: number }>> {
    const firstSlot = Math.floor(fromMs / SLOT_MS) * SLOT_MS;
    const settled = Math.max(firstSlot, Math.floor((nowMs - SETTLE_MS) / SLOT_MS) * SLOT_MS);
    const iso = (ms: number) => new Date(ms).toISOString();
    if (settled > firstSlot) {
      const missing = (
        await tx.execute(sql`
          select (extract(epoch from g.slot) * 1000)::float8 as ms
            from generate_series(${iso(firstSlot)}::timestamptz, ${iso(settled - SLOT_MS)}::timestamptz,
                                 interval '15 minutes') g(slot)
           where not exists (select 1 from message_counts c where c.tenant_id = ${tenantId} and c.slot = g.slot)
           order by 1`)
      ).rows.map((r) => num((r as Row).ms));
      // Consecutive missing slots are counted with one range scan over the primary key.
      const runs: [number, number][] = [];
      for (const ms of missing) {
        const last = runs[runs.length - 1];
        if (last && last[1] === ms) last[1] = ms + SLOT_MS;
        else runs.push([ms, ms + SLOT_MS]);
      }
      for (const [a, b] of runs) {
        await tx.execute(sql`
          insert into message_counts (id, tenant_id, slot, inbound, outbound)
          select (lpad(to_hex((extract(epoch from g.slot) * 1000)::bigint), 12, '0') || '7'
                  || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid,
                 ${tenantId}, g.slot, coalesce(c.inbound, 0), coalesce(c.outbound, 0)
            from generate_series(${iso(a)}::timestamptz, ${iso(b - SLOT_MS)}::timestamptz,
                                 interval '15 minutes') g(slot)
            left join (
              select to_timestamp((${idMs(sql`m.id`)} / ${SLOT_MS}) * ${SLOT_MS / 1000}) as slot,
                     (count(*) filter (where m.direction = 'inbound'))::int as inbound,
                     (count(*) filter (where m.direction = 'outbound'))::int as outbound
                from messages m
               where m.tenant_id = ${tenantId} and m.id >= ${uuidv7Floor(a)}::uuid and m.id < ${uuidv7Floor(b)}::uuid
               group by 1
            ) c on c.slot = g.slot
          on conflict (tenant_id, slot) do nothing`);
      }
    }
    const rows = (
      await tx.execute(sql`
        select (slot at time zone ${tz})::date::text as day, sum(inbound)::int as inbound, sum(outbound)::int as outbound
          from message_counts
         where tenant_id = ${tenantId} and slot >= ${iso(firstSlot)}::timestamptz and slot < ${iso(settled)}::timestamptz
         group by 1
        union all
        select (to_timestamp(${idMs(sql`m.id`)} / 1000.0) at time zone ${tz})::date::text,
               (count(*) filter (where m.direction = 'inbound'))::int,
               (count(*) filter (where m.direction = 'outbound'))::int
          from messages m
         where m.tenant_id = ${tenantId} and m.id >= ${uuidv7Floor(settled)}::uuid
         group by 1`)
    ).rows as Row[];
    const out = new Map<string, { inbound: number; outbound: number }>();
    for (const r of rows) {
      const day = String(r.day);
      const cur = out.get(day) ?? { inbound: 0, outbound: 0 };
      cur.inbound += num(r.inbound);
      cur.outbound += num(r.outbound);
      out.set(day, cur);
    }
    return out;
  }
}
