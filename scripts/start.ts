/**
 * `npm start`: the whole local system on embedded defaults: DynamoDB Local,
 * the demo estate, the API (serverless-offline), the H5 build of the
 * mini-program (built first if missing) and the meter simulator, whose demo
 * meters report through the real CTWing and OneNET webhooks and take the
 * API's commands. Ctrl-C stops every process it started.
 *
 * Simulator knobs: SIM_PORT (3100), SIM_SPEED (600 simulated seconds per real
 * second), SIM_SEED (repeatable consumption and outages).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/here';
import { assertPortFree } from './lib/ports';
import { watchOutbox } from './lib/outbox';
import { LOCAL_TABLE, h5Dist, startStack, stopOnSignals } from './lib/stack';

async function main(): Promise<void> {
  const apiPort = Number(process.env.PORT ?? 3000);
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
  const webPort = Number(process.env.WEB_PORT ?? 8080);
  const wechatPayPort = Number(process.env.WECHATPAY_SANDBOX_PORT ?? 3200);
  const simulator = {
    port: Number(process.env.SIM_PORT ?? 3100),
    speed: Number(process.env.SIM_SPEED ?? 600),
    ...(process.env.SIM_SEED ? { seed: Number(process.env.SIM_SEED) } : {}),
    log: (line: string) => console.log(`[simulator] ${line}`),
  };
  for (const [port, name] of [[apiPort, 'PORT'], [dynamoPort, 'DYNAMODB_PORT'], [webPort, 'WEB_PORT'], [simulator.port, 'SIM_PORT'], [wechatPayPort, 'WECHATPAY_SANDBOX_PORT']] as const) {
    await assertPortFree(port, name);
  }
  if (!existsSync(path.join(h5Dist(), 'index.html'))) {
    console.log('Building the H5 mini-program (first start only, about a minute)…');
    const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('The H5 build failed');
  }
  const stack = await startStack({
    apiPort,
    dynamoPort,
    webPort,
    seed: true,
    simulator,
    wechatPay: { port: wechatPayPort },
    scheduler: true,
    echo: process.env.ECHO_API_LOGS === '1',
  });
  stopOnSignals(stack);
  const demo = stack.demo!;
  watchOutbox({ endpoint: stack.dynamodbEndpoint, tableName: LOCAL_TABLE, meterIds: demo.meterIds, print: (line) => console.log(line) });
  console.log(`
Prepaid meters: local system ready.
  Mini-program (H5):  ${stack.webUrl}/?openid=${demo.tenants[0]?.openid}
  As a manager:       ${stack.webUrl}/?openid=${demo.managers[0]}
  API:                ${stack.apiUrl}   (try: curl ${stack.apiUrl}/v1/health)
  DynamoDB Local:     ${stack.dynamodbEndpoint}   (table prepaid-local)
  WeChat Pay sandbox: ${stack.wechatPayUrl}   (the H5 build "pays" through it; it sends signed notifications)
  Meter simulator:    ${stack.simulator?.url}/state   (${demo.simMeters.length} meters on CTWing/OneNET, ×${simulator.speed}: ${simulatedPace(simulator.speed)})
  Outbox:             WeChat messages and SMS are not sent locally: each one is printed here as an [outbox] line
                      (and listed by GET ${stack.apiUrl}/v1/admin/notifications?meterId=E-A101 with an admin key)
Demo estate: ${demo.meterIds.length} meters in building ${demo.buildingId}; tenants ${demo.tenants.map((t) => t.openid).join(', ')}.
Press Ctrl-C to stop everything.`);
}

/** "1 simulated hour every 6 s" for speed 600. */
function simulatedPace(speed: number): string {
  const realSecondsPerHour = 3600 / speed;
  return realSecondsPerHour >= 1 ? `1 simulated hour every ${Math.round(realSecondsPerHour * 10) / 10} s` : `${Math.round(speed / 3600)} simulated hours a second`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
