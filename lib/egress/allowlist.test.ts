import { describe, expect, it } from 'vitest';
import { checkEgress, parsePolicy, type EgressPolicy } from './allowlist';

const policy = (text?: string): EgressPolicy => {
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
};

/** A resolver that answers from a table, so no test ever asks real DNS or sends traffic. */
const fakeLookup = (table: Record<string, string[]>) =>
  (async (host: string) => {
    if (!table[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return table[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as never;

describe('egress policy', () => {
  it('allows loopback by default and nothing else', async () => {
    const p = policy();
    expect(await checkEgress('http://127.0.0.1:4000/v1', p)).toEqual({ ok: true, address: '127.0.0.1' });
    expect(await checkEgress('http://[::1]:4000/v1', p)).toEqual({ ok: true, address: '::1' });
    const refused = await checkEgress('http://10.1.2.3/v1', p);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.reason).toMatch(/not an allowed target\. Allowed: loopback\. An admin can add hosts or networks on the Settings page \(or with ALLOWED_TARGET_HOSTS\)/);
  });

  it('allows the hosts and networks an admin lists', async () => {
    const p = policy('gateway.internal, 10.20.0.0/16, 192.0.2.7');
    const lookup = fakeLookup({ 'gateway.internal': ['10.99.0.1'], 'other.internal': ['10.20.3.4'], 'evil.example': ['203.0.113.9'] });
    expect(await checkEgress('http://gateway.internal:4000', p, lookup)).toEqual({ ok: true, address: '10.99.0.1' });
    expect(await checkEgress('http://other.internal', p, lookup)).toEqual({ ok: true, address: '10.20.3.4' });
    expect(await checkEgress('http://192.0.2.7', p, lookup)).toMatchObject({ ok: true });
    expect(await checkEgress('http://evil.example', p, lookup)).toMatchObject({ ok: false });
  });

  it('judges the resolved address, so a friendly name cannot point somewhere else', async () => {
    const lookup = fakeLookup({ 'looks-local.example': ['203.0.113.5'] });
    const decision = await checkEgress('http://looks-local.example', policy(), lookup);
    expect(!decision.ok && decision.reason).toMatch(/looks-local\.example \(203\.0\.113\.5\) is not an allowed target/);
  });

  it('always refuses link-local and cloud-metadata addresses, even when listed', async () => {
    const p = policy('169.254.0.0/16, metadata.google.internal');
    const lookup = fakeLookup({ 'metadata.google.internal': ['169.254.169.254'] });
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/']) {
      const decision = await checkEgress(url, p, lookup);
      expect(!decision.ok && decision.reason).toMatch(/link-local or cloud-metadata address; such targets are always refused/);
    }
  });

  it('refuses metadata addresses in every IPv6 disguise and the other clouds\' (findings 21–25), even when the network is allowed', async () => {
    const p = policy('::/0, 0.0.0.0/0');
    for (const url of [
      'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
      'http://[64:ff9b::169.254.169.254]/',
      'http://[::a9fe:a9fe]/', // IPv4-compatible
      'http://[::ffff:169.254.169.254]/', // IPv4-mapped
      'http://[2002:a9fe:a9fe::1]/', // 6to4
      'http://[2001:0:4136:e378:8000:63bf:5601:5601]/', // Teredo of 169.254.169.254? (client ^ 0xffffffff)
      'http://168.63.129.16/', // Azure wire server
      'http://192.0.0.192/', // Oracle Cloud
      'http://[fd20:ce::254]/', // GCP over IPv6
    ]) {
      const decision = await checkEgress(url, p, fakeLookup({}));
      expect(decision.ok, url).toBe(false);
      expect(!decision.ok && decision.reason, url).toMatch(/always refused/);
    }
    expect(await checkEgress('http://[64:ff9b::a00:1]/', p, fakeLookup({}))).toMatchObject({ ok: true });
  });

  it('says when a host does not resolve, and refuses a malformed list', async () => {
    expect(await checkEgress('http://nowhere.invalid', policy(), fakeLookup({}))).toEqual({ ok: false, reason: 'nowhere.invalid cannot be resolved (ENOTFOUND)' });
    expect(parsePolicy('10.0.0.0/99')).toEqual({ ok: false, error: 'ALLOWED_TARGET_HOSTS: "10.0.0.0/99" has an invalid prefix length' });
    expect(parsePolicy('http://x')).toMatchObject({ ok: false });
  });
});
