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
  // Every stage ends by the clock, request-count runs included; a sweep's stages share the cap.
  const maxMinutes = `${Math.round(limits.maxDurationMs / 60_000)} minutes`;
  // A capacity run takes as many steps as fit in the cap (at least 2), never more.
  let findCapacity = config.findCapacity;
  if (findCapacity) {
    const fit = Math.floor((limits.maxDurationMs - config.warmupMs) / findCapacity.stepMs);
    if (fit < 2) errors['findCapacity.stepMs'] = `two steps of ${Math.round(findCapacity.stepMs / 1000)} s do not fit in ${maxMinutes} (MAX_DURATION): shorten the steps`;
    else findCapacity = { ...findCapacity, maxSteps: Math.min(findCapacity.maxSteps, fit) };
    if (findCapacity.maxRate > limits.maxRate) findCapacity = { ...findCapacity, maxRate: limits.maxRate };
  }
  const stageCount = config.sweep?.length ?? 1;
  const stageMs = config.findCapacity ? 0 : (config.durationMs ?? 0) + config.warmupMs;
  if (stageMs * stageCount > limits.maxDurationMs) {
    errors[config.sweep ? 'sweep' : 'durationMs'] = config.sweep
      ? `a sweep may last at most ${maxMinutes} with warm-ups on this server (MAX_DURATION); ${stageCount} stages of ${Math.round(stageMs / 1000)} s is ${Math.round((stageMs * stageCount) / 60_000)} minutes`
      : `runs may last at most ${maxMinutes} with warm-up on this server (MAX_DURATION)`;
  }
  if (config.durationMs === undefined && config.warmupMs >= limits.maxDurationMs / stageCount) errors.warmupMs = `the warm-up leaves no time within ${maxMinutes} (MAX_DURATION)`;
  if (config.timeoutMs > limits.maxDurationMs) errors.timeoutMs = `a request may take at most ${maxMinutes} on this server (MAX_DURATION)`;
  if (load.model === 'closed' && load.thinkTimeMs && load.thinkTimeMs.max > limits.maxDurationMs) errors['load.thinkTimeMs.max'] = `think time is at most ${maxMinutes} on this server (MAX_DURATION)`;
  if (load.model === 'closed' && load.spawnRate > 0 && (Math.max(...stages) / load.spawnRate) * 1000 > limits.maxDurationMs) {
    errors['load.spawnRate'] = `starting every user at this rate takes longer than ${maxMinutes} (MAX_DURATION): raise the spawn rate`;
  }
  const sent = largestRequestBytes(config);
  if (sent > limits.maxBodyBytes) {
    errors[config.target.body !== undefined ? 'target.body' : 'prompt.repeat'] = `each request would carry ${formatBytes(sent)}; at most ${formatBytes(limits.maxBodyBytes)} on this server (MAX_BODY_BYTES)`;
  }
  const decision = await checkEgress(config.target.url, egress);
  if (!decision.ok) errors.target = decision.reason;
  // An overhead run sends to the gateway's upstream too: it must be allowed, and is pinned alike.
  const upstream = config.upstream ? await checkEgress(config.upstream.url, egress) : undefined;
  if (upstream && !upstream.ok) errors.upstream = `the upstream: ${upstream.reason}`;
  if (Object.keys(errors).length || !decision.ok || (upstream && !upstream.ok)) return { ok: false, errors };
  // Replies are read up to the smaller of the run's cap and the server's.
  const maxBodyBytes = Math.min(config.maxBodyBytes, limits.maxBodyBytes);
  // A request-count run also stops at its share of MAX_DURATION, whichever comes first.
  const durationMs = config.durationMs ?? Math.floor(limits.maxDurationMs / stageCount) - config.warmupMs;
  return {
    ok: true,
    config: { ...config, findCapacity, durationMs, maxBodyBytes, target: { ...config.target, address: decision.address }, upstream: config.upstream && upstream?.ok ? { ...config.upstream, address: upstream.address } : undefined },
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
