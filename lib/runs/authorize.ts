/**
 * The server's say before any run starts: within this server's limits, and to an allowed
 * target — whose checked address the engine then connects to. Errors are keyed by config
 * path (`load.users`, `target`); the form and the API map them to their own fields.
 */
import { checkEgress } from '../egress/allowlist';
import { egressPolicy } from '../egress/admin-hosts';
import { serverPolicy } from '../egress/server-policy';
import type { RunConfig } from '../runner/config';
import { largestRequestBytes } from '../runner/request-size';

export type Authorization = { ok: true; config: RunConfig } | { ok: false; errors: Record<string, string> };

export async function authorizeRun(config: RunConfig): Promise<Authorization> {
  const { limits } = serverPolicy();
  const egress = await egressPolicy();
  const errors: Record<string, string> = {};
  const load = config.load;
  const stages = config.sweep ?? [load.model === 'closed' ? load.users : load.rate];
  if (load.model === 'closed' && Math.max(...stages) > limits.maxUsers) {
    errors[config.sweep ? 'sweep' : 'load.users'] = `at most ${limits.maxUsers.toLocaleString('en-US')} users on this server (MAX_USERS)`;
  }
  if (load.model === 'open' && Math.max(...stages) > limits.maxRate) {
    errors[config.sweep ? 'sweep' : 'load.rate'] = `at most ${limits.maxRate.toLocaleString('en-US')} requests/s on this server (MAX_RATE)`;
  }
  if ((config.durationMs ?? 0) + config.warmupMs > limits.maxDurationMs) {
    errors.durationMs = `runs may last at most ${Math.round(limits.maxDurationMs / 60_000)} minutes with warm-up on this server (MAX_DURATION)`;
  }
  const sent = largestRequestBytes(config);
  if (sent > limits.maxBodyBytes) {
    errors[config.target.body !== undefined ? 'target.body' : 'prompt.repeat'] = `each request would carry ${formatBytes(sent)}; at most ${formatBytes(limits.maxBodyBytes)} on this server (MAX_BODY_BYTES)`;
  }
  const decision = await checkEgress(config.target.url, egress);
  if (!decision.ok) errors.target = decision.reason;
  if (Object.keys(errors).length || !decision.ok) return { ok: false, errors };
  // Replies are read up to the smaller of the run's cap and the server's.
  const maxBodyBytes = Math.min(config.maxBodyBytes, limits.maxBodyBytes);
  return { ok: true, config: { ...config, maxBodyBytes, target: { ...config.target, address: decision.address } } };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
