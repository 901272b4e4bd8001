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
  ['168.63.129.16', 32, 'ipv4'], // Azure wire server
  ['192.0.0.192', 32, 'ipv4'], // Oracle Cloud metadata
  ['fe80::', 10, 'ipv6'], // link-local
  ['fd00:ec2::254', 128, 'ipv6'], // AWS metadata over IPv6
  ['fd20:ce::254', 128, 'ipv6'], // GCP metadata over IPv6
] as const;

/** The 16 bytes of an IPv6 address (any textual form, an embedded dotted quad included). */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1].split('.').map(Number);
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const all = [...left, ...Array(missing).fill('0'), ...right].map((g) => parseInt(g, 16));
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address carries, whichever way it embeds one: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4
 * (2002::/16) and Teredo (2001::/32, client address inverted). A metadata address must not
 * slip through in any of them.
 */
export function embeddedIpv4(address: string): string[] {
  const bytes = ipv6Bytes(address);
  if (!bytes) return [];
  const v4 = (b: number[]) => b.join('.');
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const found: string[] = [];
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) found.push(v4(bytes.slice(12)));
  if (zero(0, 12) && !zero(12, 16)) found.push(v4(bytes.slice(12)));
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) found.push(v4(bytes.slice(12)));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) found.push(v4(bytes.slice(2, 6)));
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0 && bytes[3] === 0) found.push(v4(bytes.slice(12).map((b) => b ^ 0xff)));
  return found;
}

/** Always refused: the forbidden networks, directly or embedded in an IPv6 address. */
export function isForbiddenAddress(forbidden: net.BlockList, address: string): boolean {
  if (forbidden.check(address, familyOf(address))) return true;
  return net.isIP(address) === 6 && embeddedIpv4(address).some((v4) => forbidden.check(v4, 'ipv4'));
}

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
  const forbidden = addresses.find((a) => isForbiddenAddress(policy.forbidden, a));
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
