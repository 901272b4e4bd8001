/**
 * Which tool wrote these files, and the runs they hold. Recognised by content, not by name:
 * Locust CSVs by their header row, k6 JSON lines by their first object, the JSON files by the
 * fields each tool writes. Anything else is refused with what was expected.
 */
import { importGuidellm, isGuidellmReport } from './guidellm';
import { importK6JsonLines, importK6Summary, isK6JsonLines, isK6Summary } from './k6';
import { importLocust, LOCUST_FAILURES_HEADER, LOCUST_HISTORY_HEADER, LOCUST_STATS_HEADER } from './locust';
import { ImportError, type ImportedRun, type ImportFile } from './types';
import { importVllm, isVllmResult } from './vllm';

/** Per upload, all files together: a k6 JSON lines file of ~100k requests fits. */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
/** A GuideLLM sweep has one benchmark per load level; more than this is not a report we expect. */
const MAX_RUNS = 50;

export const EXPECTED =
  'Locust --csv files (*_stats.csv, with *_stats_history.csv and *_failures.csv if you have them), a k6 --summary-export JSON or --out json file, a vLLM benchmark_serving --save-result JSON, or a GuideLLM report JSON';

const isLocust = (text: string) => [LOCUST_STATS_HEADER, LOCUST_HISTORY_HEADER, LOCUST_FAILURES_HEADER].some((header) => text.startsWith(header));

export function importFiles(files: ImportFile[]): ImportedRun[] {
  if (files.length === 0) throw new ImportError(`Choose a file to import: ${EXPECTED}.`);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  if (bytes > IMPORT_MAX_BYTES) throw new ImportError(`The files are ${(bytes / 2 ** 20).toFixed(1)} MB together; the limit is ${IMPORT_MAX_BYTES / 2 ** 20} MB.`);
  for (const f of files) f.text = f.text.replace(/^\uFEFF/, '');
  const locust = files.filter((f) => isLocust(f.text));
  if (locust.length) {
    const others = files.filter((f) => !locust.includes(f));
    if (others.length) throw new ImportError(`Import one tool's output at a time: ${others.map((f) => f.name).join(', ')} ${others.length === 1 ? 'is' : 'are'} not Locust CSV.`);
    return [importLocust(locust)];
  }
  if (files.length > 1) throw new ImportError('Only Locust output comes in several files; for k6, vLLM and GuideLLM, import one file at a time.');
  const [file] = files;
  if (isK6JsonLines(file.text)) return [importK6JsonLines(file.text, file.name)];
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch {
    throw new ImportError(`${file.name} is neither CSV from Locust nor JSON: expected ${EXPECTED}.`);
  }
  if (isK6Summary(json)) return [importK6Summary(json, file.name)];
  if (isVllmResult(json)) return [importVllm(json, file.name)];
  if (isGuidellmReport(json)) {
    const runs = importGuidellm(json, file.name);
    if (runs.length > MAX_RUNS) throw new ImportError(`${file.name} has ${runs.length} benchmarks; at most ${MAX_RUNS} are imported at once.`);
    return runs;
  }
  throw new ImportError(`${file.name} is JSON, but not from a tool this app reads: expected ${EXPECTED}.`);
}

export { ImportError } from './types';
export type { ImportedRun, ImportFile } from './types';
