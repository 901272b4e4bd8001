const styles: Record<string, string> = {
  regression: 'bg-red-100 text-red-800',
  improvement: 'bg-emerald-100 text-emerald-800',
  unchanged: 'bg-slate-100 text-slate-700',
  insufficient: 'bg-slate-50 text-slate-500',
};
const words: Record<string, string> = { regression: 'regression', improvement: 'improvement', unchanged: 'no change', insufficient: 'too few runs' };

/** A benchmark run's verdict against its history. */
export function VerdictBadge({ verdict, title }: { verdict: string | null; title?: string }) {
  if (!verdict) return <span className="text-xs text-slate-400">–</span>;
  return (
    <span title={title} className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${styles[verdict] ?? styles.unchanged}`}>
      {words[verdict] ?? verdict}
    </span>
  );
}
