import { type Problem, problemSchema } from '@conversa/shared';

/** A failed call to our API: the problem document when the API sent one, else a status of 0 (network). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** Seconds from `Retry-After` on 429 answers. */
    readonly retryAfter?: number,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code(): string {
    if (this.status === 0) return 'network';
    return this.problem?.code ?? 'unknown';
  }
}

type Options = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; signal?: AbortSignal };

/**
 * Browser-side call to the same-origin API (`/api/v1`), session cookie included.
 * Mutations go through here, never through Next server actions: the API is the only writer.
 */
export async function api<T = void>(
  path: string,
  { method = 'GET', body, signal }: Options = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'include',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const parsed = problemSchema.safeParse(json);
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data : null,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json as T;
}

/** Session gone (expired or revoked): the page should send the person to sign in again. */
export const isSessionLost = (error: unknown) =>
  error instanceof ApiError &&
  error.status === 401 &&
  ['unauthenticated', 'session-expired'].includes(error.code);
