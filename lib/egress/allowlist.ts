/**
 * Where the dashboard may send traffic. A load tool is an engine for sending requests
 * anywhere, so targets must resolve to allowed addresses: loopback by default, plus hosts and
 * networks an admin lists in ALLOWED_TARGET_HOSTS. Link-local and cloud-metadata addresses are
 * always refused. The check is on the resolved addresses, and the engine then connects to the
 * address that was checked (so a DNS answer cannot change between check and use).
 */
import dns from 'node:dns/promises';
import net from 'node:net';

export interface EgressPolicy {
  /** Host names allowed as written (lower-case). */
  hosts: Set<string>;
  /** Allowed addresses and networks. */
  allowed: net.BlockList;
  /** Never allowed, whatever the list says. */
  forbidden: net.BlockList;
  description: string;
}

const FORBIDDEN = [
  ['169.254.0.0', 16, 'ipv4'], // link-local, incl. 169.254.169.254 (AWS, GCP, Azure, OpenStack metadata)
  ['100.100.100.200', 32, 'ipv4'], // Alibaba Cloud metadata
  ['fe80::', 10, 'ipv6'], // link-local
  ['fd00:ec2::254', 128, 'ipv6'], // AWS metadata over IPv6
] as const;

/** ALLOWED_TARGET_HOSTS: comma-separated host names, IP addresses or CIDR networks. */
export function parsePolicy(text = ''): { ok: true; policy: EgressPolicy } | { ok: false; error: string } {
  const hosts = new Set(['localhost']);
  const allowed = new net.BlockList();
  allowed.addSubnet('127.0.0.0', 8, 'ipv4');
  allowed.addAddress('::1', 'ipv6');
  const forbidden = new net.BlockList();
  for (const [address, prefix, family] of FORBIDDEN) forbidden.addSubnet(address, prefix, family);
  const extra: string[] = [];
  for (const entry of text.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = net.isIP(address);
    if (family) {
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) return { ok: false, error: `ALLOWED_TARGET_HOSTS: "${entry}" has an invalid prefix length` };
      allowed.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else if (/^[a-z0-9.-]+$/.test(entry) && prefix === undefined) {
      hosts.add(entry);
    } else {
      return { ok: false, error: `ALLOWED_TARGET_HOSTS: "${entry}" is not a host name, IP address or CIDR network` };
    }
    extra.push(entry);
  }
  return { ok: true, policy: { hosts, allowed, forbidden, description: ['loopback', ...extra].join(', ') } };
}

export type EgressDecision = { ok: true; address: string } | { ok: false; reason: string };

const familyOf = (address: string) => (net.isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Resolves the URL's host and decides; on success, `address` is the one to connect to. */
export async function checkEgress(url: string, policy: EgressPolicy, lookup = dns.lookup): Promise<EgressDecision> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return { ok: false, reason: `"${url}" is not a URL` };
  }
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (error) {
    return { ok: false, reason: `${host} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})` };
  }
  const forbidden = addresses.find((a) => policy.forbidden.check(a, familyOf(a)));
  if (forbidden) return { ok: false, reason: `${host} resolves to ${forbidden}, a link-local or cloud-metadata address; such targets are always refused` };
  const namedHost = policy.hosts.has(host);
  const outside = addresses.filter((a) => !namedHost && !policy.allowed.check(a, familyOf(a)));
  if (outside.length) {
    return {
      ok: false,
      reason: `${host}${net.isIP(host) ? '' : ` (${outside.join(', ')})`} is not an allowed target. Allowed: ${policy.description}. An admin can add hosts or networks on the Settings page (or with ALLOWED_TARGET_HOSTS).`,
    };
  }
  return { ok: true, address: addresses[0] };
}
