import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
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

  it('lets the functions read only the stage’s own parameters', () => {
    const statements = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Role')
      .flatMap((role) => ((role.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[] | undefined) ?? []).flatMap((policy) => policy.PolicyDocument.Statement))
      .map((statement) => ({ actions: [statement.Action].flat(), resources: [statement.Resource].flat() }));
    const ssm = statements.filter((statement) => statement.actions.some((action) => action.startsWith('ssm:')));
    expect(ssm.flatMap((statement) => statement.actions)).toEqual(['ssm:GetParametersByPath']);
    const resources = JSON.stringify(ssm.flatMap((statement) => statement.resources));
    expect(resources).toContain(':parameter/prepaid/prod/');
    expect(resources).not.toMatch(/parameter\/\*|"\*"/);
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
});
