/**
 * `npm test`: every check of the project, arranged to end soonest on two cores.
 *
 *   1. the unit and component tests;
 *   2. the integration suite (DynamoDB Local and the API through
 *      serverless-offline), and beside it, at the lowest CPU priority
 *      (`nice -n 19`): Chromium's install when missing, the type checks, lint,
 *      the weapp build with its size check, and the H5 build;
 *   3. the browser tests on that H5 build.
 *
 * Why two lanes: the integration suite waits on its servers about half the
 * time (measured: a load of about one on two cores), so what only needs CPU
 * takes the idle core, and yields it whenever the suite wants it. Run one
 * after another, the same steps took 27 minutes on CI's two cores.
 *
 * The integration suite prints as it goes; the other lane's output is kept
 * and printed when it ends. A failed step stops its lane; the other lane
 * finishes (its failures are worth knowing too); the browser tests run only
 * when everything before them passed. The exit code is 1 when anything failed.
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

/** Runs `step`; its output goes to the terminal (`echo`) or is kept in `kept`. */
function run(step: Step, options: { niced: boolean; kept?: string[] }): Promise<Outcome> {
  const started = Date.now();
  const [command, ...args] = options.niced ? ['nice', '-n', '19', ...step.command] : step.command;
  return new Promise((resolve) => {
    const child = spawn(command!, args, { cwd: repoRoot, stdio: options.kept ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    const keep = (chunk: Buffer) => options.kept?.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const done = (ok: boolean) => resolve({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000) });
    child.once('error', (error) => {
      options.kept?.push(`${error.message}\n`);
      done(false);
    });
    child.once('exit', (code) => done(code === 0));
  });
}

/** Runs `steps` one after another until one fails. */
async function lane(steps: readonly Step[], options: { niced: boolean; kept?: string[] }): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    if (!options.kept) console.log(`\n== ${step.name}`);
    else options.kept.push(`\n== ${step.name}\n`);
    const outcome = await run(step, options);
    outcomes.push(outcome);
    if (!outcome.ok) break;
  }
  return outcomes;
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  const passed = () => outcomes.every((outcome) => outcome.ok);

  outcomes.push(...(await lane([npm('test:unit')], { niced: false })));

  if (passed()) {
    const kept: string[] = [];
    console.log('\n== beside the integration suite, at low priority: chromium, typecheck, lint, build:weapp, check:size, build:h5 (printed when done)');
    const [integration, beside] = await Promise.all([
      lane([npm('test:integration')], { niced: false }),
      lane([{ name: 'ensure-chromium', command: ['npx', 'tsx', 'scripts/ensure-chromium.ts'] }, npm('typecheck'), npm('lint'), npm('build:weapp'), npm('check:size'), npm('build:h5')], { niced: true, kept }),
    ]);
    process.stdout.write(kept.join(''));
    outcomes.push(...integration, ...beside);
  }

  if (passed()) outcomes.push(...(await lane([npm('test:e2e')], { niced: false })));

  console.log('\n== npm test');
  for (const outcome of outcomes) console.log(`${outcome.ok ? 'ok    ' : 'FAILED'} ${outcome.name} (${outcome.seconds} s)`);
  if (!passed()) {
    console.log('npm test failed: see the step marked FAILED above.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
