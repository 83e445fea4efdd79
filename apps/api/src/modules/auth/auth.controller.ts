import { changePasswordSchema, loginSchema, mfaCodeSchema, switchTenantSchema } from '@conversa/shared';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Public } from '../../common/auth.decorators.ts';
import { currentContext } from '../../common/context.ts';
import { UnauthenticatedError } from '../../common/errors.ts';
import { CONFIG } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import { AuthService } from './auth.service.ts';
import { SESSION_COOKIE, SessionsService } from './sessions.service.ts';

function signedInUser() {
  const ctx = currentContext();
  if (!ctx?.userId || !ctx.tenantId)
    throw new UnauthenticatedError('This needs a signed-in person, not an API key');
  return { userId: ctx.userId, tenantId: ctx.tenantId, sessionId: ctx.sessionId };
}

@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body({ schema: loginSchema }) body: z.infer<typeof loginSchema>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.auth.login(body, { ip: req.ip, userAgent: req.headers['user-agent'] });
    if (result.mfaRequired) return { mfaRequired: true };
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE ?? Boolean(this.config.PUBLIC_URL?.startsWith('https:')),
      path: '/',
      expires: result.expiresAt,
    });
    return { mfaRequired: false, ...result.me };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() req: FastifyRequest & { cookies?: Record<string, string | undefined> },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const principal = await this.sessions.resolveSession(token).catch(() => null);
      if (principal?.sessionId) await this.sessions.revoke(principal.sessionId);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me() {
    const { userId, tenantId } = signedInUser();
    return this.auth.me(userId, tenantId);
  }

  @Post('switch-tenant')
  @HttpCode(200)
  switchTenant(@Body({ schema: switchTenantSchema }) body: z.infer<typeof switchTenantSchema>) {
    const { userId, sessionId } = signedInUser();
    if (!sessionId) throw new UnauthenticatedError('Only a browser session can switch tenants');
    return this.auth.switchTenant(userId, sessionId, body.tenantId);
  }

  @Post('password')
  @HttpCode(204)
  async changePassword(@Body({ schema: changePasswordSchema }) body: z.infer<typeof changePasswordSchema>) {
    const { userId, sessionId } = signedInUser();
    await this.auth.changePassword(userId, sessionId, body.currentPassword, body.newPassword);
  }

  @Post('mfa/setup')
  @HttpCode(200)
  mfaSetup() {
    return this.auth.mfaSetup(signedInUser().userId);
  }

  @Post('mfa/enable')
  @HttpCode(200)
  mfaEnable(@Body({ schema: mfaCodeSchema }) body: z.infer<typeof mfaCodeSchema>) {
    return this.auth.mfaEnable(signedInUser().userId, body.code);
  }

  @Post('mfa/disable')
  @HttpCode(204)
  async mfaDisable(@Body({ schema: mfaCodeSchema }) body: z.infer<typeof mfaCodeSchema>) {
    await this.auth.mfaDisable(signedInUser().userId, body.code);
  }
}
