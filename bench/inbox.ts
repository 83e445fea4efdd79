/**
 * Inbox scenario (issue 5): seed a tenant with BENCH_CONVERSATIONS conversations (default 100,000) and
 * BENCH_MESSAGES_PER messages each (default 20 → 2,000,000), then time the list and message-page
 * routes through the whole HTTP stack (p50/p95 of BENCH_INBOX_REQUESTS calls per query), and the overview's
 * stats (BENCH_STATS_REQUESTS calls, default 100, for 7 and 30 days).
 */
import type { Database } from '@conversa/db';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type Emit = (
  bench: string,
  metric: string,
  value: number,
  unit: string,
  extra?: Record<string, unknown>,
) => void;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** A UUIDv7-shaped id from a timestamp column, so ids sort by creation as the app's own do. */
const v7 = (ts: string) =>
  `(lpad(to_hex((extract(epoch from ${ts}) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;

export async function inboxBench(opts: {
  app: NestFastifyApplication;
  database: Database;
  cookie: string;
  tenantId: string;
  channelId: string;
  emit: Emit;
}) {
  const { app, database, cookie, tenantId, channelId, emit } = opts;
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
  const perConversation = Number(process.env.BENCH_MESSAGES_PER ?? 20);
  const requests = Number(process.env.BENCH_INBOX_REQUESTS ?? 200);
  const t0 = performance.now();
  // Owner connection (no RLS) for the bulk load; the timed requests go through the API as a user.
  const run = (text: string) => database.execute(text);
  await run(`
    insert into contacts (id, tenant_id, phone_e_164, wa_id, name, tags)
    select ${v7("now() - interval '90 days'")}, '${tenantId}', '+5511' || lpad(i::text, 9, '0'), '5511' || lpad(i::text, 9, '0'),
           (array['Maria','João','Ana','Pedro','Lucas','Juliana','Carla','Rafael'])[1 + i % 8] || ' ' ||
           (array['Silva','Souza','Oliveira','Santos','Lima','Costa','Pereira'])[1 + i % 7] || ' ' || i,
           case when i % 10 = 0 then array['vip'] else array[]::text[] end
    from generate_series(1, ${conversations}) i
    on conflict do nothing`);
  await run(`
    insert into conversations (id, tenant_id, contact_id, channel_id, last_inbound_at, last_message_at, unread_count)
    select ${v7('ts')}, '${tenantId}', c.id, '${channelId}', ts, ts, (random() * 3)::int
    from (select id, now() - (random() * interval '30 days') as ts from contacts where tenant_id = '${tenantId}') c
    on conflict do nothing`);
  // A ticket opens with the conversation's first message and was first answered by the second one (an
  // agent's, 7 minutes later); resolved ones ended with its last message, by the owner, with an outcome.
  await run(`
    insert into tickets (id, tenant_id, conversation_id, status, queue, opened_at, first_response_at,
                         first_response_by)
    select ${v7('x.opened_at')}, '${tenantId}', x.id, x.status,
           (array['ai','human','pending'])[1 + (random() * 2)::int], x.opened_at,
           x.opened_at + interval '7 minutes' + random() * interval '20 minutes',
           (select user_id from memberships where tenant_id = '${tenantId}' and role = 'OWNER' limit 1)
    from (select cv.id, cv.last_message_at - ${perConversation - 1} * interval '7 minutes' as opened_at,
                 (array['OPEN','OPEN','FOLLOW_UP','RESOLVED'])[1 + (random() * 3)::int] as status
            from conversations cv where cv.tenant_id = '${tenantId}') x`);
  await run(`
    update tickets t set resolved_at = cv.last_message_at, assignee_id = t.first_response_by,
           outcome = (array['sale','lost-price','lost-timing','no-response','other'])[1 + (random() * 4)::int]
    from conversations cv
    where cv.id = t.conversation_id and t.tenant_id = '${tenantId}' and t.status = 'RESOLVED'`);
  await run(`
    insert into messages (id, tenant_id, conversation_id, channel_id, direction, sender_type, type, text, status, created_at)
    select ${v7('m.at')}, '${tenantId}', cv.id, cv.channel_id,
           case when n % 2 = 0 then 'inbound' else 'outbound' end,
           case when n % 2 = 0 then 'contact' else 'agent' end, 'text',
           (array['Oi, tudo bem?','Quero saber o preço do plano','Qual o prazo de entrega?','Pode me mandar o boleto?',
                  'Obrigado!','Vocês abrem sábado?','Meu pedido não chegou','Tem desconto à vista?'])[1 + (n + length(cv.id::text)) % 8] || ' #' || n,
           case when n % 2 = 0 then 'received' else 'read' end, m.at
    from conversations cv
    cross join lateral generate_series(1, ${perConversation}) n
    cross join lateral (select cv.last_message_at - ((${perConversation} - n) * interval '7 minutes') as at) m
    where cv.tenant_id = '${tenantId}'`);
  await run(`
    update conversations cv set last_message_id = m.id
    from (select distinct on (conversation_id) conversation_id, id from messages
          where tenant_id = '${tenantId}' order by conversation_id, created_at desc) m
    where m.conversation_id = cv.id`);
  await run('analyze contacts; analyze conversations; analyze tickets; analyze messages');
  emit('inbox', 'seeded', conversations, 'conversations', {
    messages: conversations * perConversation,
    seconds: Math.round((performance.now() - t0) / 1000),
  });

  const time = async (url: string, n = requests) => {
    const ms: number[] = [];
    let last: unknown;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      ms.push(performance.now() - s);
      if (res.statusCode !== 200)
        throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      last = res.json();
    }
    return { p50: pct(ms, 50), p95: pct(ms, 95), last };
  };
  const lists: [string, string][] = [
    ['all', '/api/v1/conversations?limit=50'],
    ['open', '/api/v1/conversations?status=OPEN&limit=50'],
    ['queue-human', '/api/v1/conversations?queue=human&limit=50'],
    ['unassigned', '/api/v1/conversations?assignee=unassigned&limit=50'],
    ['tag', '/api/v1/conversations?tag=vip&limit=50'],
    ['search-name', '/api/v1/conversations?q=Juliana%20Lima&limit=50'],
    ['search-text', '/api/v1/conversations?q=boleto&limit=50'],
  ];
  let firstPage: { items: { id: string }[]; nextCursor: string | null } | undefined;
  for (const [name, url] of lists) {
    const r = await time(url);
    if (name === 'all') firstPage = r.last as typeof firstPage;
    emit('inbox', 'list_p50', r.p50, 'ms', { query: name });
    emit('inbox', 'list_p95', r.p95, 'ms', { query: name, target: 150 });
  }
  if (firstPage?.nextCursor) {
    const r = await time(`/api/v1/conversations?limit=50&cursor=${encodeURIComponent(firstPage.nextCursor)}`);
    emit('inbox', 'list_p95', r.p95, 'ms', { query: 'page-2', target: 150 });
  }
  const conv = firstPage?.items[0]?.id;
  if (conv) {
    const r = await time(`/api/v1/conversations/${conv}/messages?limit=50`);
    emit('inbox', 'messages_p50', r.p50, 'ms');
    emit('inbox', 'messages_p95', r.p95, 'ms', { target: 100 });
  }

  // The overview (GET /inbox/stats, as the owner: with the per-agent table). The first call counts the
  // period's settled 15-minute message slots into message_counts (once per tenant); later ones read them.
  const statsRequests = Number(process.env.BENCH_STATS_REQUESTS ?? 100);
  const s0 = performance.now();
  const cold = await app.inject({ method: 'GET', url: '/api/v1/inbox/stats?days=30', headers: { cookie } });
  if (cold.statusCode !== 200)
    throw new Error(`stats answered ${cold.statusCode}: ${cold.body.slice(0, 200)}`);
  emit('inbox', 'stats_first_ms', performance.now() - s0, 'ms', {
    days: 30,
    note: 'first call of the tenant: stores 30 days of message slots and 59 finished days of tickets',
  });
  for (const days of [7, 30]) {
    const r = await time(`/api/v1/inbox/stats?days=${days}`, statsRequests);
    const body = r.last as { days: { opened: number; inbound: number }[] };
    emit('inbox', 'stats_p50', r.p50, 'ms', { days });
    emit('inbox', 'stats_p95', r.p95, 'ms', {
      days,
      target: 150,
      opened: body.days.reduce((n, d) => n + d.opened, 0),
      inbound: body.days.reduce((n, d) => n + d.inbound, 0),
    });
  }
}
