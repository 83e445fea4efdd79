import { type Role, roleAtLeast } from '@conversa/shared';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type Principal, SESSION_COOKIE, SessionsService } from '../modules/auth/sessions.service.ts';
import { MIN_ROLE, PUBLIC, SUPER_ADMIN } from './auth.decorators.ts';
import { currentContext } from './context.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';

/** Global guard: every route needs a session cookie or an API key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = context
      .switchToHttp()
      .getRequest<FastifyRequest & { cookies?: Record<string, string | undefined> }>();
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const cookie = req.cookies?.[SESSION_COOKIE];
    let principal: Principal;
    if (bearer) principal = await this.sessions.resolveApiKey(bearer);
    else if (cookie) principal = await this.sessions.resolveSession(cookie);
    else throw new UnauthenticatedError('Sign in, or send an API key as "Authorization: Bearer <key>"');

    const ctx = currentContext();
    if (ctx) {
      Object.assign(ctx, {
        tenantId: principal.tenantId,
        userId: principal.userId ?? undefined,
        sessionId: principal.sessionId,
        role: principal.role,
        isSuperAdmin: principal.isSuperAdmin,
        actor: principal.apiKeyId
          ? { type: 'api_key', id: principal.apiKeyId }
          : { type: 'user', id: principal.userId },
      });
    }
    if (this.reflector.getAllAndOverride<boolean>(SUPER_ADMIN, targets) && !principal.isSuperAdmin) {
      throw new ForbiddenError('Only platform administrators may do this');
    }
    const needed = this.reflector.getAllAndOverride<Role>(MIN_ROLE, targets) ?? 'VIEWER';
    if (!roleAtLeast(principal.role, needed))
      throw new ForbiddenError(`This needs the ${needed} role or higher`);
    return true;
  }
}
