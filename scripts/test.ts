/**
 * `npm test`: every check of the project, one after another, and at the end
 * each step's time:
 *
 *   1. the unit and component tests;
 *   2. the integration suite (DynamoDB Local and the API through serverless-offline);
 *   3. the type checks and lint;
 *   4. the weapp build with its size check, and the H5 build;
 *   5. Chromium's install when missing, then the browser tests on that H5 build.
 *
 * The builds once ran beside the integration suite at the lowest CPU
 * priority, while it mostly waited on its servers. Since its tests stopped
 * waiting on themselves it keeps both cores busy: beside the builds it took
 * 713 s against 380 s alone, and the whole run was slower than this order
 * (measured on CI's two cores). A failed step stops the run.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from './lib/here';

interface Step {
  readonly name: string;
  readonly command: readonly string[];
}

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
}

const npm = (script: string): Step => ({ name: script, command: ['npm', 'run', '--silent', script] });

/** Runs `step` with the terminal as its output; how it ended and how long it took. */
function run(step: Step): Promise<Outcome> {
  const started = Date.now();
  const [command, ...args] = step.command;
  return new Promise((resolve) => {
    const child = spawn(command!, args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
    const done = (ok: boolean) => resolve({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000) });
    child.once('error', (error) => {
      console.error(error.message);
      done(false);
    });
    child.once('exit', (code) => done(code === 0));
  });
}

/** Runs `steps` one after another until one fails. */
async function lane(steps: readonly Step[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    console.log(`\n== ${step.name}`);
    const outcome = await run(step);
    outcomes.push(outcome);
    if (!outcome.ok) break;
  }
  return outcomes;
}

async function main(): Promise<void> {
  const outcomes = await lane(
    [
      npm('test:unit'),
      npm('test:integration'),
      npm('typecheck'),
      npm('lint'),
      npm('build:weapp'),
      npm('check:size'),
      npm('build:h5'),
      npm('test:e2e'),
    ],
  );
  console.log('\n== npm test');
  for (const outcome of outcomes) console.log(`${outcome.ok ? 'ok    ' : 'FAILED'} ${outcome.name} (${outcome.seconds} s)`);
  if (outcomes.some((outcome) => !outcome.ok)) {
    console.log('npm test failed: see the step marked FAILED above.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
