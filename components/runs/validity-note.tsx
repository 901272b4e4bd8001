import type { ValidityVerdict } from '@/lib/runner/validity';

const STYLE: Record<Exclude<ValidityVerdict, 'valid'>, string> = {
  suspect: 'border-amber-200 bg-amber-50 text-amber-900',
  invalid: 'border-red-200 bg-red-50 text-red-900',
};

/** Whether the load generator, not the target, may have set these numbers (README, "Validity"). */
export function ValidityNote({ verdict, reasons }: { verdict: ValidityVerdict | null; reasons: string[] }) {
  if (!verdict || verdict === 'valid') return null;
  return (
    <div role="note" aria-label="Validity" className={`rounded-xl border p-4 text-sm ${STYLE[verdict]}`}>
      <p className="font-semibold">{verdict === 'invalid' ? 'Invalid: the load generator limited this result.' : 'Suspect: the load generator may have limited this result.'}</p>
      <ul className="mt-1 list-inside list-disc">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </div>
  );
}

/** A small badge for tables: nothing for valid runs. */
export function ValidityBadge({ verdict }: { verdict: ValidityVerdict | null }) {
  if (!verdict || verdict === 'valid') return null;
  return <span className={`ml-1 rounded px-1.5 py-0.5 text-xs font-medium ${verdict === 'invalid' ? 'bg-red-100 text-red-800' : 'bg-amber-100 text-amber-800'}`} title="the load generator may have limited this result">{verdict}</span>;
}
