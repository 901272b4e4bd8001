/**
 * How a finished stage is recorded: completed, or failed with a reason a user can act on. A run
 * where no request succeeded is never "completed", whatever its throughput column says.
 */
import type { StageResult } from '../runner/engine';

/** Why a stage failed, in words; undefined when it did not. */
export function failureOf(result: Pick<StageResult, 'requests' | 'successes' | 'failuresByClass' | 'stoppedEarly' | 'cancelled'>): string | undefined {
  if (result.stoppedEarly) return capitalised(result.stoppedEarly);
  if (result.cancelled || result.requests === 0 || result.successes > 0) return undefined;
  const [failureClass, { sample }] = Object.entries(result.failuresByClass)[0];
  return `No request succeeded: ${explain(failureClass, sample)}.`;
}

function explain(failureClass: string, sample: string): string {
  const address = /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)\s+(\S+)/.exec(sample)?.[1];
  switch (failureClass) {
    case 'connection_refused':
      return `nothing listens on ${address ?? 'the target'}: connection refused`;
    case 'connection_reset':
      return `the target closed every connection before replying (${sample})`;
    case 'connection_error':
      return `the target could not be reached (${sample})`;
    case 'timeout':
      return `the target never replied in time (${sample})`;
    default:
      return failureClass.startsWith('http_') ? `the target answered every request with ${sample}` : `${failureClass}: ${sample}`;
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.');
