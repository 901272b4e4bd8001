/**
 * The name a person reads for a run: its title, else what was measured (gateway, version,
 * instances), else its target. One function, so headers, legends, CSV columns, JSON keys and
 * link images all say the same.
 */
export interface NamedRun {
  title?: string | null;
  gatewayName?: string | null;
  gatewayVersion?: string | null;
  instanceCount?: number | null;
  targetName: string;
}

export function runName(run: NamedRun): string {
  if (run.title) return run.title;
  const gateway = [run.gatewayName, run.gatewayVersion].filter(Boolean).join(' ');
  const instances = run.instanceCount && run.instanceCount > 1 ? ` ×${run.instanceCount}` : '';
  return gateway ? `${gateway}${instances}` : `${run.targetName}${instances}`;
}

/** An experiment arm's name from its target and labels. */
export function armName(targetName: string, labels: { gatewayName?: string; gatewayVersion?: string; instanceCount?: number }): string {
  return runName({ targetName, gatewayName: labels.gatewayName, gatewayVersion: labels.gatewayVersion, instanceCount: labels.instanceCount });
}

/** Names made unique: a second "Portkey 1.9.8" becomes "Portkey 1.9.8 (2)". */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
