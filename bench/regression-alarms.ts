/**
 * How often regression detection cries wolf, and how often it finds a real shift: simulated
 * benchmark histories (log-normal noise), each run tested against the runs before it as the app
 * does. `npm run bench:regressions [-- histories noise shift]` (defaults 2000, 0.05, 0.3).
 */
import { detectRegression, REGRESSION_POLICY, type RunMetrics } from '../lib/benchmarks/regression';
import { seededRandom } from '../lib/stats/random';

const [histories = 2000, noise = 0.05, shift = 0.3] = process.argv.slice(2).map(Number);
const random = seededRandom(42);
const jitter = (cv: number) => Math.exp(cv * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
const run = (id: string, p95Factor = 1): RunMetrics => ({ id, latencyP50Ms: 120 * jitter(noise), latencyP95Ms: 200 * p95Factor * jitter(noise), latencyP99Ms: 320 * jitter(noise), rps: 400 * jitter(noise), ttftP95Ms: null });

let tested = 0;
let alarms = 0;
let quiet = 0;
let found = 0;
for (let h = 0; h < histories; h++) {
  const series = Array.from({ length: 20 }, (_, i) => run(`${h}-${i}`));
  let alarmed = false;
  for (let i = REGRESSION_POLICY.minRuns; i < series.length; i++) {
    tested++;
    if (detectRegression(series[i], series.slice(0, i).reverse()).verdict !== 'unchanged') {
      alarms++;
      alarmed = true;
    }
  }
  if (!alarmed) quiet++;
  if (detectRegression(run(`${h}-shifted`, 1 + shift), series.slice(10).reverse()).verdict === 'regression') found++;
}
console.log(`A/A: ${histories} histories of 20 runs at ${noise * 100}% noise, ${tested} runs tested`);
console.log(`  runs flagged: ${((alarms / tested) * 100).toFixed(2)}% (configured: ${REGRESSION_POLICY.alpha * 100}%)`);
console.log(`  histories with no alarm: ${((quiet / histories) * 100).toFixed(1)}%`);
console.log(`Shift: p95 ${shift * 100}% slower after 10 runs: found ${((found / histories) * 100).toFixed(1)}%`);
