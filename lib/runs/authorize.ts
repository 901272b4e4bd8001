/**
 * The server's say before any run starts: within this server's limits, and to an allowed
 * target — whose checked address the engine then connects to. Errors are keyed by the form
 * field they concern.
 */
import { checkEgress } from '../egress/allowlist';
import { serverPolicy } from '../egress/server-policy';
import type { RunConfig } from '../runner/config';

export type Authorization = { ok: true; config: RunConfig } | { ok: false; errors: Record<string, string> };

export async function authorizeRun(config: RunConfig): Promise<Authorization> {
  const { egress, limits } = serverPolicy();
  const errors: Record<string, string> = {};
  const load = config.load;
  const stages = config.sweep ?? [load.model === 'closed' ? load.users : load.rate];
  if (load.model === 'closed' && Math.max(...stages) > limits.maxUsers) {
    errors[config.sweep ? 'sweep' : 'users'] = `at most ${limits.maxUsers.toLocaleString('en-US')} users on this server (MAX_USERS)`;
  }
  if (load.model === 'open' && Math.max(...stages) > limits.maxRate) {
    errors[config.sweep ? 'sweep' : 'rate'] = `at most ${limits.maxRate.toLocaleString('en-US')} requests/s on this server (MAX_RATE)`;
  }
  if ((config.durationMs ?? 0) + config.warmupMs > limits.maxDurationMs) {
    errors.duration = `runs may last at most ${Math.round(limits.maxDurationMs / 60_000)} minutes with warm-up on this server (MAX_DURATION)`;
  }
  const decision = await checkEgress(config.target.url, egress);
  if (!decision.ok) errors.targetId = decision.reason;
  if (Object.keys(errors).length || !decision.ok) return { ok: false, errors };
  return { ok: true, config: { ...config, target: { ...config.target, address: decision.address } } };
}
