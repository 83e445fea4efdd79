import { type NextRequest, NextResponse } from 'next/server';

const sessionCookie = 'conversa_session';

/**
 * Pages need a session: without the cookie, go to /login and come back afterwards.
 * The cookie may be stale, so its presence is only a hint; the layout confirms it with GET /auth/me.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!request.cookies.has(sessionCookie)) {
    const url = request.nextUrl.clone();
    url.pathname = '/login';
    url.search = pathname === '/' && !search ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  // Server components cannot see the URL; they read it from here when they must redirect to sign in.
  const forwarded = new Headers(request.headers);
  forwarded.set('x-conversa-path', pathname + search);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Everything but the sign-in page, the API, webhooks, Next's assets and files with an extension.
  matcher: ['/((?!login|api/|api$|webhooks/|_next/|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)'],
};
