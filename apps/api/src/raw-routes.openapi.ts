/**
 * OpenAPI entries for the routes served by plain Fastify handlers (Nest's scanner does not see them):
 * provider webhooks and the realtime stream. The protocol itself is in realtime.protocol.ts.
 */
import { channelKinds } from '@conversa/db';

const problem = { description: 'application/problem+json', content: { 'application/problem+json': {} } };
const channelParams = [
  {
    name: 'kind',
    in: 'path',
    required: true,
    schema: { type: 'string', enum: [...channelKinds] },
  },
  { name: 'channelId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
];

export const rawRoutesDoc = {
  '/webhooks/{kind}/{channelId}': {
    get: {
      tags: ['webhooks'],
      summary: "Meta's verification handshake (hub.mode=subscribe, hub.verify_token, hub.challenge)",
      parameters: [
        ...channelParams,
        { name: 'hub.mode', in: 'query', schema: { type: 'string' } },
        { name: 'hub.verify_token', in: 'query', schema: { type: 'string' } },
        { name: 'hub.challenge', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'The challenge, as text/plain' }, '403': problem, '404': problem },
    },
    post: {
      tags: ['webhooks'],
      summary:
        'Provider events (messages, statuses, templates, connection). Stored before the 200; applied by workers.',
      description:
        "The body is checked against the channel's secret (Cloud API: X-Hub-Signature-256 over the raw bytes) and stored with a dedupe key: a redelivery is answered 200 and stored once. Limit 1 MB.",
      parameters: channelParams,
      requestBody: { required: true, content: { 'application/json': {} } },
      responses: {
        '200': { description: 'Stored' },
        '401': problem,
        '404': problem,
        '413': problem,
        '400': problem,
      },
    },
  },
  '/api/v1/realtime': {
    get: {
      tags: ['realtime'],
      summary:
        "The signed-in tenant's live events: WebSocket (Upgrade) or Server-Sent Events (Accept: text/event-stream)",
      description: [
        'Server → client: one JSON object per WebSocket text frame or SSE `data:` line.',
        '- event `{ id, type, data, at, conversationId? }` in publish order (`message.created`, `message.status`, `conversation.updated`, `notification.created`, `template.status`, `agent.availability`, `channel.updated`…); `id` is the resume position;',
        '- `ready` `{ id, data: { replayed } }` once catch-up after `after` is done;',
        '- `resync` `{ id, data: { reason } }` when `after` is no longer kept: refetch what you show, resume from `id`;',
        '- `agent.typing` `{ data: { conversationId, userId, name } }` (not kept); `pong`; `error` `{ code: "bad-message" }`;',
        '- `session.ended` before the server closes a stream whose session was revoked or expired (WebSocket close 4401).',
        'Client → server (WebSocket): `{ type: "typing", conversationId }`, `{ type: "resume", after }`, `{ type: "ping" }`.',
        'Several API processes share one stream through the Redis driver (history kept in a Redis stream).',
      ].join('\n'),
      parameters: [
        {
          name: 'after',
          in: 'query',
          description: 'Resume after this event id (also the SSE Last-Event-ID header)',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '101': { description: 'WebSocket upgrade' },
        '200': { description: 'text/event-stream', content: { 'text/event-stream': {} } },
        '401': problem,
      },
    },
  },
};
