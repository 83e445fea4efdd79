import { type Problem, problemSchema } from '@conversa/shared';
import { headers } from 'next/headers';

/** Where server components reach the API: the same process in production (ARCHITECTURE §1). */
export const internalApiUrl = () =>
  process.env.INTERNAL_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export type ServerResult<T> = { ok: true; data: T } | { ok: false; status: number; problem: Problem | null };

/** Thrown when the API cannot be reached at all; the route's error boundary explains it. */
export class ApiUnreachableError extends Error {
  constructor(cause: unknown) {
    super('API unreachable', { cause });
    this.name = 'ApiUnreachableError';
  }
}

/** GET on the API from a server component, forwarding the browser's cookies (the session). */
export async function serverApi<T>(path: string): Promise<ServerResult<T>> {
  const h = await headers();
  let res: Response;
  try {
    res = await fetch(`${internalApiUrl()}/api/v1${path}`, {
      headers: {
        accept: 'application/json',
        cookie: h.get('cookie') ?? '',
        ...(h.get('x-request-id') ? { 'x-request-id': h.get('x-request-id') as string } : {}),
      },
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiUnreachableError(error);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = problemSchema.safeParse(json);
    return { ok: false, status: res.status, problem: parsed.success ? parsed.data : null };
  }
  return { ok: true, data: json as T };
}
