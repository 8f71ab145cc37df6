import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/src/platform/metrics';
import { SETTING_NAMES } from '../../functions/src/config';
import { SECRET_NAMES } from '../../functions/src/platform/secrets';
import { repoRoot } from '../../scripts/lib/here';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };

/** Settings that carry a secret or point at one (the WeChat Pay key files): a deployed stage's template holds none. */
const SECRET_SETTINGS = [...SECRET_NAMES, 'WECHATPAY_PUBLIC_KEY_FILE', 'WECHATPAY_PLATFORM_CERT_FILES', 'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE'];

/**
 * The CloudFormation template `serverless package --stage prod` writes, as
 * CI makes it (no AWS credentials), read as an operator's reviewer would.
 * The deploying shell holds every secret, as a careless operator's would:
 * none may reach the template.
 */
describe('the prod stage as packaged (serverless package --stage prod)', () => {
  let template: Template;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'sls-prod-'));
    const shell = Object.fromEntries(SECRET_SETTINGS.map((name) => [name, `leaked-${name}`]));
    // Built apart from `.esbuild`, which the running local stack's handlers are loaded from.
    const env: Record<string, string | undefined> = { ...process.env, ...shell, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: '.esbuild-template-test' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete env[name];
    await promisify(execFile)(process.execPath, [path.join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--stage', 'prod', '--package', out], { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 });
    template = JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }, 300_000);

  const functions = () => Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');

  it('puts no secret in any function’s environment, and points every function at the stage’s parameters', () => {
    expect(functions().length).toBeGreaterThan(80);
    const leaks: string[] = [];
    for (const [name, resource] of functions()) {
      const variables = ((resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      for (const setting of SECRET_SETTINGS) if (variables[setting] !== undefined && variables[setting] !== '') leaks.push(`${name}.${setting}`);
      const serialized = JSON.stringify(variables);
      if (serialized.includes('leaked-')) leaks.push(`${name}: a value from the deploying shell`);
      expect({ name, source: variables.SECRETS_SOURCE, path: variables.SECRETS_PATH }).toEqual({ name, source: 'ssm', path: '/prepaid/prod/' });
    }
    expect(leaks).toEqual([]);
    expect(JSON.stringify(template)).not.toContain('leaked-');
  });

  it('passes every setting an operator may set to every function (a setting missing here would be ignored on AWS)', () => {
    // Set by Lambda itself, made from secrets at run time, or test and local stand-ins (their defaults are the real services).
    const notPassed = new Set([
      'AWS_REGION', ...SECRET_SETTINGS,
      'WECHAT_API_BASE', 'CTWING_API_BASE', 'ONENET_API_BASE', 'WECHATPAY_SANDBOX_URL', 'SIMULATOR_URL', 'TENCENT_SMS_ENDPOINT', 'TENCENT_SMS_PROTOCOL',
    ]);
    for (const [name, resource] of functions()) {
      const variables = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(SETTING_NAMES.filter((setting) => !notPassed.has(setting) && !(setting in variables)), name).toEqual([]);
    }
  });

  type Statement = { Sid?: string; Effect: string; Action: string[]; Resource: unknown[]; Condition?: Record<string, Record<string, string[]>> };
  /** Each function by its name in serverless.yml: its declared access (ACCESS), handler, and its role's statements. */
  const byFunction = () =>
    functions().map(([logicalId, resource]) => {
      const variables = (resource.Properties.Environment as { Variables: Record<string, string> }).Variables;
      const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = template.Resources[roleId]!;
      const statements = (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement);
      const name = (resource.Properties.FunctionName as string).replace(/^prepaid-meters-prod-/, '');
      return { logicalId, name, handler: resource.Properties.Handler as string, access: variables.ACCESS!.split(',').filter(Boolean), roleId, role, statements, tracing: resource.Properties.TracingConfig };
    });
  const actionsOf = (statements: Statement[], prefix: string) => statements.filter((statement) => statement.Action.some((action) => action.startsWith(prefix)));
  /** The functions whose handler module builds WeChat Pay (imports deps-payments), read from the source. */
  const payingModules = readdirSync(path.join(repoRoot, 'functions/src/handlers'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && readFileSync(path.join(repoRoot, 'functions/src/handlers', file), 'utf8').includes('deps-payments'))
    .map((file) => file.replace(/\.ts$/, ''));

  it('fits one CloudFormation stack (at most 500 resources), with no shared default role', () => {
    expect(Object.keys(template.Resources).length).toBeLessThan(460);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    // One log group for the stage, made before the functions that write to it.
    for (const [name, resource] of functions()) {
      expect(resource.Properties.LoggingConfig, name).toEqual({ LogGroup: '/aws/lambda/prepaid-meters-prod' });
      expect((resource as Resource & { DependsOn: string[] }).DependsOn, name).toContain('LogGroup');
    }
    expect(template.Resources.LogGroup!.Properties).toEqual({ LogGroupName: '/aws/lambda/prepaid-meters-prod', RetentionInDays: 30 });
  });

  it('gives each function a role with exactly what its declared access makes, and the running function the same list', () => {
    const { statementsFor } = createRequire(import.meta.url)('../../deploy/least-privilege.cjs') as { statementsFor: (name: string, on: { service: string; stage: string }) => Statement[] };
    // The functions with a failure destination (their asynchronous invocations' settings).
    const failing = new Set(
      Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig' && (resource.Properties.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure)
        .map((resource) => (resource.Properties.FunctionName as { Ref: string }).Ref),
    );
    expect(failing.size).toBe(8);
    for (const fn of byFunction()) {
      expect((fn.role as Resource & { Metadata: { Functions: string[] } }).Metadata.Functions, fn.name).toContain(fn.name);
      const declared = fn.access.flatMap((name) => statementsFor(name, { service: 'prepaid-meters', stage: 'prod' }));
      const implied = fn.statements.filter((statement) => statement.Sid || statement.Action.includes('logs:PutLogEvents'));
      expect(fn.statements.filter((statement) => !implied.includes(statement)), fn.name).toEqual(declared);
      // Implied: writing the stage's log group; consuming, failing to and tracing only where the function's settings say so.
      expect(implied.map((statement) => statement.Sid ?? 'Logs').sort(), fn.name).toEqual(
        ['Logs', ...(fn.name === 'ingest' ? ['Consumes'] : []), ...(failing.has(fn.logicalId) ? ['FailsTo'] : []), ...(fn.tracing ? ['Traced'] : [])].sort(),
      );
    }
  });

  it('grants nothing on everything, no Scan, and writes from a read route only to its callers’ request records', () => {
    const all = byFunction();
    for (const fn of all) {
      for (const statement of fn.statements) {
        expect(statement.Action.some((action) => action.endsWith(':*')), `${fn.name} ${statement.Action.join()}`).toBe(false);
        if (statement.Resource.includes('*')) expect(statement.Action, fn.name).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
      }
      expect(fn.statements.flatMap((statement) => statement.Action), fn.name).not.toContain('dynamodb:Scan');
    }
    const writes = (fn: (typeof all)[number]) => actionsOf(fn.statements, 'dynamodb:').filter((statement) => statement.Action.some((action) => /Put|Update|Delete|BatchWrite|ConditionCheck/.test(action)));
    const routes = template.Resources;
    const getRoutes = Object.values(routes).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && String(resource.Properties.RouteKey).startsWith('GET '));
    const getFunctions = new Set(getRoutes.map((route) => JSON.stringify(route.Properties.Target)).map((target) => /"Ref":"HttpApiIntegration(\w+)"/.exec(target)?.[1] ?? target));
    // GET routes that write beyond their callers' request records, and why: a binding code (and its QR code) is issued on first
    // read, and a gateway's fetch of its commands marks them fetched.
    const writingReads = ['meterBindingCode', 'meterQrCode', 'buildingQrSheet', 'gatewayCommands'];
    const reads = all.filter((fn) => getFunctions.has(fn.logicalId.replace(/LambdaFunction$/, '')));
    expect(reads.length).toBeGreaterThan(40);
    for (const fn of reads) {
      const unconditioned = writes(fn).filter((statement) => !statement.Condition);
      expect(unconditioned.length > 0, `${fn.name} writes`).toBe(writingReads.includes(fn.name));
      for (const statement of writes(fn).filter((s) => s.Condition)) expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APINONCE#*', 'APIRATE#*', 'AUDIT'] } });
    }
    // The IoT webhooks check a token, queue the push (and archive one that means nothing to us): nothing else runs in them.
    for (const name of ['webhookCtwing', 'webhookOnenet', 'webhookIotda']) {
      const fn = all.find((f) => f.name === name)!;
      expect(fn.access, name).toEqual(['read', 'write', 'pushes', 'secrets:iot-push']);
    }
    // OneNET's URL check answers a signature: no table at all.
    expect(actionsOf(all.find((f) => f.name === 'webhookOnenetCheck')!.statements, 'dynamodb:')).toEqual([]);
  });

  it('lets each function read only its groups’ secrets: WeChat Pay’s keys only where WeChat Pay is built, push tokens only in the webhooks', () => {
    const all = byFunction();
    const foldersOf = (fn: (typeof all)[number]) =>
      actionsOf(fn.statements, 'ssm:').flatMap((statement) => {
        expect(statement.Action).toEqual(['ssm:GetParametersByPath']);
        return statement.Resource.map((resource) => /:parameter(\/[^"]*)"/.exec(JSON.stringify(resource))![1]!);
      });
    for (const fn of all) {
      const folders = foldersOf(fn);
      for (const folder of folders) expect(folder, fn.name).toMatch(/^\/prepaid\/prod\/(api|wechat|wechatpay|iot-push|iot-command|sms)\/?$/);
      const module = fn.handler.replace(/^functions\/src\/handlers\/|\.\w+$/g, '');
      if (folders.includes('/prepaid/prod/wechatpay')) expect(payingModules, fn.name).toContain(module);
      if (folders.includes('/prepaid/prod/iot-push')) expect(module, fn.name).toBe('webhooks');
    }
    expect(all.filter((fn) => foldersOf(fn).includes('/prepaid/prod/wechatpay')).map((fn) => fn.name).sort()).toEqual(
      ['approveRefund', 'createRecharge', 'dailyReconciliation', 'runReconciliation', 'sweepOrders', 'sweepRefunds', 'webhookWechatpay'].sort(),
    );
    expect(all.filter((fn) => foldersOf(fn).length === 0).map((fn) => fn.name).sort()).toEqual(['exportWorker', 'health', 'openapi']);
  });

  it('lets only the webhooks queue pushes, only the consumer receive them, and only what starts work invoke the react and export functions', () => {
    const all = byFunction();
    const holders = (action: string, resource: string) => all.filter((fn) => fn.statements.some((statement) => statement.Action.includes(action) && JSON.stringify(statement.Resource).includes(resource))).map((fn) => fn.name).sort();
    expect(holders('sqs:SendMessage', '"PushQueue"')).toEqual(['webhookCtwing', 'webhookGateway', 'webhookIotda', 'webhookOnenet']);
    expect(holders('sqs:ReceiveMessage', '"PushQueue"')).toEqual(['ingest']);
    expect(holders('lambda:InvokeFunction', 'prepaid-meters-prod-exportWorker')).toEqual(['createExport']);
    expect(holders('s3:PutObject', 'ExportBucket')).toEqual(['exportWorker']);
    expect(holders('s3:GetObject', 'ExportBucket')).toEqual(['getExport', 'listExports']);
    expect(holders('lambda:InvokeFunction', 'prepaid-meters-prod-react').length).toBeGreaterThan(10);
    // The money paths are traced: active tracing, the Tracer on (recording their AWS and HTTPS calls), and their module loads it.
    const traced = all.filter((fn) => fn.tracing).map((fn) => fn.name);
    for (const name of ['createRecharge', 'webhookWechatpay', 'approveRefund', 'recordPayment', 'adjustment', 'sweepOrders', 'sweepRefunds', 'ingest', 'react', 'moveOut']) expect(traced).toContain(name);
    for (const fn of all) {
      const variables = (template.Resources[fn.logicalId]!.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect({ name: fn.name, tracer: variables.POWERTOOLS_TRACE_ENABLED }).toEqual({ name: fn.name, tracer: fn.tracing ? 'true' : 'false' });
      if (fn.tracing) expect(fn.tracing).toEqual({ Mode: 'Active' });
      if (fn.tracing) expect(readFileSync(path.join(repoRoot, `${fn.handler.replace(/\.\w+$/, '')}.ts`), 'utf8'), fn.name).toContain("import '../platform/tracer';");
    }
  });

  /** The functions EventBridge schedules, by logical id (from the rules' targets). */
  const scheduled = (): string[] =>
    Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .flatMap((rule) => (rule.Properties.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[]).map((target) => target.Arn['Fn::GetAtt'][0]));
  const alarms = () => Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm').map(([name, resource]) => ({ name, ...resource.Properties }) as Record<string, unknown> & { name: string });

  it('gives every function run in the background two retries, then a dead-letter destination', () => {
    const background = [...scheduled(), 'ReactLambdaFunction', 'ExportWorkerLambdaFunction'];
    expect(scheduled()).toHaveLength(6);
    const configs = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig').map((resource) => resource.Properties);
    for (const fn of background) {
      const config = configs.find((c) => JSON.stringify(c.FunctionName) === JSON.stringify({ Ref: fn }));
      expect(config, fn).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedInvocations', 'Arn'] } } } });
    }
    // The push queue's consumer: five receives, then its own dead-letter queue.
    expect(template.Resources.PushQueue!.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['PushDeadLetters', 'Arn'] }, maxReceiveCount: 5 });
  });

  it('alarms on both dead-letter queues, the queue’s age, 5xx, throttles, and each sweep that failed or did not run, to the alarm topic', () => {
    const all = alarms();
    const on = (metric: string, dimension: unknown) => all.filter((alarm) => alarm.MetricName === metric && JSON.stringify(alarm.Dimensions ?? []).includes(JSON.stringify(dimension)));
    expect(on('ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['FailedInvocations', 'QueueName'] })).toHaveLength(1);
    expect(on('ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['PushDeadLetters', 'QueueName'] })).toHaveLength(1);
    expect(on('ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': ['PushQueue', 'QueueName'] })).toHaveLength(1);
    expect(on('5xx', { Ref: 'HttpApi' })).toHaveLength(1);
    expect(all.filter((alarm) => alarm.MetricName === 'Throttles')).toHaveLength(1);
    for (const fn of scheduled()) {
      const name = (template.Resources[fn]!.Properties.FunctionName as string);
      expect(on('Errors', name), `${name} errors`).toHaveLength(1);
      const notRun = on('Invocations', name);
      expect(notRun, `${name} not run`).toHaveLength(1);
      expect(notRun[0]).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching' });
    }
    expect(all.filter((alarm) => JSON.stringify(alarm.AlarmActions) !== JSON.stringify([{ Ref: 'AlarmTopic' }])).map((alarm) => alarm.name)).toEqual([]);
  });

  it('alarms on the business metrics the functions log, under the namespace and dimensions they log them with', () => {
    const business = alarms().filter((alarm) => alarm.Namespace === METRICS_NAMESPACE);
    expect(business.map((alarm) => alarm.MetricName).sort()).toEqual(['CommandsExpired', 'NotificationsFailed', 'OldestRefundRequestWaitingSeconds', 'PushesRejected']);
    for (const alarm of business) {
      expect(Object.keys(BUSINESS_METRICS)).toContain(alarm.MetricName);
      // EMF's dimension set is exactly service and stage: an alarm with any other set would watch a metric that never has data.
      expect(alarm.Dimensions, alarm.name).toEqual([{ Name: 'service', Value: METRICS_SERVICE }, { Name: 'stage', Value: 'prod' }]);
    }
    // A refund request undecided for more than a day.
    expect(business.find((alarm) => alarm.MetricName === 'OldestRefundRequestWaitingSeconds')).toMatchObject({ Statistic: 'Maximum', ComparisonOperator: 'GreaterThanThreshold', Threshold: 86_400 });
  });
});
