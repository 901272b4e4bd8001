/** How numbers read in tables: thousands separators, sensible precision, a dash for "not measured". */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const NOT_MEASURED = '—';

export function formatCount(value: number | null | undefined): string {
  return value == null ? NOT_MEASURED : integer.format(value);
}

export function formatMs(value: number | null | undefined): string {
  if (value == null) return NOT_MEASURED;
  return value >= 100 ? integer.format(value) : twoDecimals.format(value);
}

export function formatRps(value: number | null | undefined): string {
  return value == null ? NOT_MEASURED : oneDecimal.format(value);
}

export function formatDateTime(value: Date): string {
  return value.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A value in its metric's unit: milliseconds as formatMs, anything else (req/s) as formatRps. */
export function formatInUnit(value: number | null | undefined, unit: string): string {
  return unit === 'ms' ? formatMs(value) : formatRps(value);
}

/** An interval, "[12.5 to 14.1]", or nothing when an end is unknown. */
export function formatInterval(low: number | null, high: number | null, unit: string): string {
  return low === null || high === null ? '' : `[${formatInUnit(low, unit)} to ${formatInUnit(high, unit)}]`;
}

/**
 * A change with its sign and unit, and its share when known: "+66 ms (+25%)", "−14.2 req/s
 * (−3.1%)", "±0 ms". Comparisons and experiments write every change through this.
 */
export function formatSignedChange(difference: number, relative: number | null, unit: string): string {
  const sign = difference > 0 ? '+' : difference < 0 ? '−' : '±';
  const abs = Math.abs(difference);
  const number = abs >= 100 ? Math.round(abs).toLocaleString('en-US') : abs >= 10 ? abs.toFixed(1).replace(/\.0$/, '') : abs.toFixed(2).replace(/\.?0+$/, '');
  const amount = `${sign}${number}${unit ? ` ${unit}` : ''}`;
  if (relative === null) return amount;
  const pct = Math.abs(relative * 100);
  return `${amount} (${sign}${pct >= 10 ? Math.round(pct) : pct.toFixed(1)}%)`;
}
