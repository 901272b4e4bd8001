/**
 * Imported first by the start, CLI, mock and benchmark scripts: refuses a Node.js older than
 * package.json's `engines.node` with one line naming the version found and the fix, before
 * anything else loads. The tests run under the same Node, so what they pass is what runs.
 */
import { engines } from '../package.json';

/** The problem with running on `version` (e.g. "v20.20.2") given `range` (">=22.12"), if any. */
export function nodeVersionProblem(version: string, range: string): string | undefined {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor = 0] = range.replace(/^>=\s*/, '').split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return (
    `✖ Node.js ${version} is too old for Gateway Bench, which needs Node.js ${needMajor}.${needMinor} or newer (24 LTS recommended). ` +
    'Fix: install Node.js 24 (`nvm install` reads .nvmrc) and run the command again.'
  );
}

const problem = nodeVersionProblem(process.version, engines.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
