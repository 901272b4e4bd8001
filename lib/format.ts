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
