/** The scripts refuse a Node.js older than package.json's engines, in one line with the fix. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engines } from '../package.json';
import { nodeVersionProblem } from './require-node';

describe('nodeVersionProblem', () => {
  it('accepts the minimum and anything newer', () => {
    for (const version of ['v22.12.0', 'v22.20.1', 'v24.0.0', 'v24.22.3', 'v26.1.0']) expect(nodeVersionProblem(version, '>=22.12')).toBeUndefined();
  });

  it('refuses older versions, naming the one found and the fix', () => {
    for (const version of ['v20.20.2', 'v22.11.9', 'v18.0.0', 'v21.99.0']) {
      const problem = nodeVersionProblem(version, '>=22.12');
      expect(problem).toContain(`Node.js ${version} is too old`);
      expect(problem).toContain('needs Node.js 22.12 or newer');
      expect(problem).toContain('Fix: install Node.js 24');
      expect(problem).not.toContain('\n');
    }
  });

  it('holds for the Node.js running these tests', () => {
    expect(nodeVersionProblem(process.version, engines.node)).toBeUndefined();
  });
});

// The machine's own Node (Debian's, 20 on the CI machine) is what a user without nvm would start with.
const systemNode = '/usr/bin/node';
const systemVersion = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout?.trim();
const systemNodeIsOld = !!systemVersion && nodeVersionProblem(systemVersion, engines.node) !== undefined;

describe.runIf(systemNodeIsOld)(`npm start under the machine's Node.js (${systemVersion})`, () => {
  it('exits 1 with the one-line refusal before loading anything else', () => {
    const tsx = require.resolve('tsx/cli');
    const result = spawnSync(systemNode, [tsx, path.resolve('scripts/start.ts')], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/x' } });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(nodeVersionProblem(systemVersion!, engines.node));
  });
});
