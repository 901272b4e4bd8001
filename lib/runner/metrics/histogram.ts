/**
 * HDR histograms of durations, recorded in microseconds with 3 significant digits over
 * 1 µs … 1 h: fixed size whatever the run length, exact to merge across machines.
 * Summaries are in milliseconds.
 */
import * as hdr from 'hdr-histogram-js';

const HIGHEST_US = 3_600_000_000;

export interface DurationSummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  avg: number;
  max: number;
  min: number;
}

/**
 * 3 significant digits for a run's distributions. The one-second windows behind the live
 * charts use 2 (1% resolution): their percentiles are read every second on the load
 * generator's own thread, and scanning the 15× larger 3-digit bucket array there was a
 * pause long enough to show in the measured tail.
 */
export function createHistogram(significantDigits: 2 | 3 = 3): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: significantDigits,
  });
}

export function recordMs(histogram: hdr.Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  histogram.recordValue(us < 1 ? 1 : us > HIGHEST_US ? HIGHEST_US : us);
}

export function summarize(histogram: hdr.Histogram): DurationSummary | undefined {
  if (histogram.totalCount === 0) return undefined;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    avg: ms(histogram.mean),
    max: ms(histogram.maxValue),
    min: ms(histogram.minNonZeroValue),
  };
}

/** The whole distribution as (percentile, ms) points, for charts. */
export function percentileCurve(histogram: hdr.Histogram): { percentile: number; ms: number }[] {
  if (histogram.totalCount === 0) return [];
  const ticks = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.99, 100];
  return ticks.map((percentile) => ({ percentile, ms: histogram.getValueAtPercentile(percentile) / 1000 }));
}

export const encodeHistogram = (histogram: hdr.Histogram): string => hdr.encodeIntoCompressedBase64(histogram);

export function decodeHistogram(encoded: string): hdr.Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  const histogram = createHistogram();
  histogram.add(decoded);
  return histogram;
}

/** Merge encoded histograms of the same metric (e.g. from several load machines) exactly. */
export function mergeEncoded(encoded: string[]): hdr.Histogram {
  const merged = createHistogram();
  for (const item of encoded) merged.add(hdr.decodeFromCompressedBase64(item, 32, false));
  return merged;
}
