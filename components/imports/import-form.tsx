'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { inputClass } from '@/components/form/field';

type Answer = { runIds: string[]; importedFrom: string } | { error: string; fields?: Record<string, string> };

/** Posts the files and labels to /api/imports (multipart), then opens the run (or the runs list). */
export function ImportForm({ maxMb }: { maxMb: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const files = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
    if (files.length === 0) return setError('Choose the file (or, for Locust, the files) to import.');
    const size = files.reduce((n, f) => n + f.size, 0);
    if (size > maxMb * 2 ** 20) return setError(`The files are ${(size / 2 ** 20).toFixed(1)} MB together; the limit is ${maxMb} MB.`);
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const response = await fetch('/api/imports', { method: 'POST', body: form });
      const answer = (await response.json().catch(() => ({ error: `the server answered ${response.status}` }))) as Answer;
      if ('error' in answer) {
        setError(answer.error);
        setFieldErrors(answer.fields ?? {});
        return;
      }
      const notice = `Imported ${answer.runIds.length === 1 ? 'one run' : `${answer.runIds.length} runs`} from ${answer.importedFrom}.`;
      router.push(answer.runIds.length === 1 ? `/runs/${answer.runIds[0]}` : `/runs?notice=${encodeURIComponent(notice)}`);
    } catch {
      setError('The upload did not reach the server; check the connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  const label = (name: string, text: string, hint?: string) => (
    <div className="grid gap-1 text-sm">
      <label htmlFor={`import-${name}`} className="font-medium text-slate-700">{text}</label>
      <input id={`import-${name}`} name={name} className={inputClass} aria-invalid={fieldErrors[name] ? true : undefined} aria-describedby={`import-${name}-hint`} />
      <span id={`import-${name}-hint`} className={`text-xs ${fieldErrors[name] ? 'text-red-700' : 'text-slate-500'}`}>{fieldErrors[name] ?? hint}</span>
    </div>
  );

  return (
    <form onSubmit={submit} className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4" aria-label="Import results">
      <div className="grid gap-1 text-sm">
        <label htmlFor="import-files" className="font-medium text-slate-700">Files</label>
        <input id="import-files" name="files" type="file" multiple accept=".csv,.json,.jsonl,.ndjson,application/json,text/csv" className="text-sm" aria-describedby="import-files-hint" />
        <span id="import-files-hint" className="text-xs text-slate-500">Up to {maxMb} MB together. The tool is recognised from the content.</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {label('targetName', 'Target name', 'What was measured; by default what the file says (a host, a model).')}
        {label('tags', 'Tags', 'Comma-separated.')}
        {label('gatewayName', 'Gateway', 'e.g. LiteLLM')}
        {label('gatewayVersion', 'Gateway version')}
        {label('instanceCount', 'Instances')}
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{error}</p>}
      <div>
        <button disabled={busy} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
