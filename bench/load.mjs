// Load generator in its own process, so the server's figures are not shared with the client's CPU.
// argv: port path connections count appSecret phoneNumberId wabaId offset
import { createHmac } from 'node:crypto';
import { Pool } from 'undici';

const [port, path, connections, count, secret, phoneNumberId, wabaId, offset] = process.argv.slice(2);
const n = Number(count);
const bodies = Array.from({ length: n }, (_, i) => {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5511400000000', phone_number_id: phoneNumberId },
              statuses: [
                {
                  id: `wamid.bench${Number(offset) + i}`,
                  status: 'delivered',
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: '5511987654321',
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return { body, sig: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
});
// undici's Pool: about a third of the CPU of node:http's client per request, so the client, which
// shares the machine's two cores with the server, takes less of the figure for itself.
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: Number(connections), pipelining: 1 });
const latencies = [];
let next = 0;
let failed = 0;
const one = async (b) => {
  const t = performance.now();
  try {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': b.sig },
      body: b.body,
    });
    await res.body.dump();
    if (res.statusCode !== 200) failed++;
    latencies.push(performance.now() - t);
  } catch {
    failed++;
  }
};
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (next < n) await one(bodies[next++]);
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    failed,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
await pool.close();
