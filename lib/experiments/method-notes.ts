/** How an experiment's answer was reached, in words: the page and the HTML report say the same. */
import type { AbResult, OverheadResult } from './analysis';

export function overheadMethodNote(result: OverheadResult): string {
  const detail = result.latency
    ? ` (${result.latency.replicates.toLocaleString('en-US')} resamples of whole ${result.latency.resampled}; ${result.latency.samples.gateway.toLocaleString('en-US')} + ${result.latency.samples.direct.toLocaleString('en-US')} requests)`
    : '';
  return `Latency added by ${result.gateway} over ${result.upstream}: the same requests sent to both, interleaved per user in random order. Added = q(gateway) − q(direct), with a 95% bootstrap interval${detail}.`;
}

export function abMethodNote(result: AbResult): string {
  const aa = result.arms.find((a) => a.aa);
  return (
    `Each arm's mean over ${result.completeRounds} complete round${result.completeRounds === 1 ? '' : 's'} with its 95% interval; each change against ${result.arms[0].name} with Welch's interval over rounds. A change counts when its interval excludes 0 and it is at least 2%.` +
    (aa ? ` ${aa.name} is ${result.arms[0].name} run again: its difference is the noise this setup shows with no change.` : '')
  );
}
