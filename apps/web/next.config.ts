import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

/**
 * In production the API process serves this app and owns /api and /webhooks (ARCHITECTURE §1).
 * When the web app runs on its own (`next dev`, or a separate web tier), API_URL points it at the API.
 */
const apiUrl = process.env.API_URL?.replace(/\/+$/, '');

const config: NextConfig = {
  // Workspace packages ship TypeScript sources, not built JS.
  transpilePackages: ['@conversa/shared', '@conversa/db'],
  poweredByHeader: false,
  reactStrictMode: true,
  async rewrites() {
    if (!apiUrl) return [];
    return [
      { source: '/api/:path*', destination: `${apiUrl}/api/:path*` },
      { source: '/webhooks/:path*', destination: `${apiUrl}/webhooks/:path*` },
    ];
  },
};

export default withNextIntl(config);
