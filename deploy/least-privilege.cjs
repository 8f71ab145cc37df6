'use strict';

/**
 * Each function's IAM role holds only what the function declares in its
 * `access:` list (the names are those of deploy/access.json), plus what its
 * own configuration implies: writing the stage's log group, receiving from
 * the queue that feeds it, sending a failed event to its failure
 * destination, and X-Ray when it is traced. Functions whose policies come
 * out the same share one role (its Metadata lists them). The same list
 * reaches the running function as ACCESS, which
 * functions/src/platform/access.ts enforces, so the local stack and the
 * tests refuse what AWS would refuse.
 *
 * A CloudFormation stack holds at most 500 resources. With ~90 functions
 * (each with its HTTP route, integration and invoke permission), a role, a
 * log group and a version for each would be ~670: so the functions write to
 * one log group for the stage (`LogGroup` below, Lambda's LoggingConfig; the
 * stream names carry the function's name), versions are off
 * (serverless.yml), and identical roles are one.
 *
 * Written here rather than taken from serverless-iam-roles-per-function: that
 * plugin's statements are raw IAM repeated per function (80 functions), it has
 * had no release since 2022, and it could not give the running function its
 * list to enforce locally.
 */
const { createHash } = require('node:crypto');
const access = require('./access.json');

const TABLE = { 'Fn::GetAtt': ['Table', 'Arn'] };
const TABLE_INDEXES = { 'Fn::Join': ['/', [TABLE, 'index', '*']] };
const arn = (...parts) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });
const regional = (service, resource) => arn(`:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, resource);

/** Every name a function may list. */
function knownNames() {
  return [
    ...Object.keys(access.table),
    ...Object.keys(access.invoke),
    ...Object.keys(access.files),
    ...Object.keys(access.queues),
    ...Object.keys(access.secrets).map((group) => `secrets:${group}`),
  ];
}

/** The IAM statements one declared name grants, on a stage. */
function statementsFor(name, { service, stage }) {
  const table = access.table[name];
  if (table) {
    const statement = { Effect: 'Allow', Action: table.actions, Resource: table.indexes ? [TABLE, TABLE_INDEXES] : [TABLE] };
    if (table.leadingKeys) statement.Condition = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': table.leadingKeys } };
    return [statement];
  }
  if (access.invoke[name]) return [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [regional('lambda', `:function:${service}-${stage}-${access.invoke[name]}`)] }];
  if (access.files[name]) return [{ Effect: 'Allow', Action: access.files[name], Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ExportBucket', 'Arn'] }, '/*']] }] }];
  if (access.queues[name]) return [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': [access.queues[name], 'Arn'] }] }];
  if (name.startsWith('secrets:')) {
    // One folder of SecureStrings per group (docs/deploy.md): GetParametersByPath on a path reads everything below it, so a
    // function is given its groups' paths and never the stage's. Encrypted with the AWS managed key aws/ssm, whose key
    // policy lets the account's principals decrypt through SSM: no kms statement is needed.
    const group = name.slice('secrets:'.length);
    const path = `/prepaid/${stage}/${group}`;
    return [{ Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: [regional('ssm', `:parameter${path}`), regional('ssm', `:parameter${path}/`)] }];
  }
  return [];
}

/** The stage's one log group (every function's logs, a stream per function instance). */
const logGroupName = (service, stage) => `/aws/lambda/${service}-${stage}`;

/** What a function's own configuration implies (not declared: it follows from the events and settings), each with a word for the role's name. */
function impliedStatements(functionObject, provider, logGroup) {
  const statements = [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [regional('logs', `:log-group:${logGroup}:*`)] },
  ];
  for (const event of functionObject.events ?? []) {
    if (!event.sqs) continue;
    const queue = typeof event.sqs === 'string' ? event.sqs : event.sqs.arn;
    statements.push({ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'], Resource: [queue], Sid: 'Consumes' });
  }
  for (const destination of [functionObject.destinations?.onFailure, functionObject.destinations?.onSuccess]) {
    if (destination?.type === 'sqs') statements.push({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [destination.arn], Sid: 'FailsTo' });
  }
  // Sids are unique within a policy: a second queue or destination is numbered.
  const seen = new Map();
  for (const statement of statements) {
    if (!statement.Sid) continue;
    const count = (seen.get(statement.Sid) ?? 0) + 1;
    seen.set(statement.Sid, count);
    if (count > 1) statement.Sid = `${statement.Sid}${count}`;
  }
  const tracing = functionObject.tracing ?? provider.tracing?.lambda;
  // X-Ray's PutTraceSegments has no resource to scope to: '*' is the only form IAM accepts.
  if (tracing && tracing !== 'PassThrough') statements.push({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'], Sid: 'Traced' });
  return statements;
}

class LeastPrivilege {
  constructor(serverless) {
    this.serverless = serverless;
    serverless.configSchemaHandler.defineFunctionProperties('aws', {
      properties: { access: { type: 'array', items: { type: 'string', enum: knownNames() }, uniqueItems: true } },
      required: ['access'],
    });
    this.hooks = {
      initialize: () => this.apply(),
      // The functions' log group exists before they run (they may not create one).
      'after:package:compileFunctions': () => {
        const resources = serverless.service.provider.compiledCloudFormationTemplate.Resources;
        for (const resource of Object.values(resources)) {
          if (resource.Type === 'AWS::Lambda::Function') resource.DependsOn = [...new Set([...(resource.DependsOn ?? []), 'LogGroup'])];
        }
      },
    };
  }

  apply() {
    const service = this.serverless.service;
    const stage = this.serverless.getProvider('aws').getStage();
    service.resources = service.resources ?? {};
    service.resources.Resources = service.resources.Resources ?? {};
    const logGroup = logGroupName(service.service, stage);
    service.resources.Resources.LogGroup = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: logGroup, RetentionInDays: service.provider.logRetentionInDays ?? 30 },
    };
    const known = new Set(knownNames());
    const roles = new Map();
    for (const functionName of service.getAllFunctions()) {
      const functionObject = service.getFunction(functionName);
      const declared = functionObject.access;
      if (!Array.isArray(declared)) throw new this.serverless.classes.Error(`Function "${functionName}" declares no access: list what it may do (deploy/access.json)`);
      const unknown = declared.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new this.serverless.classes.Error(`Function "${functionName}" declares unknown access: ${unknown.join(', ')}`);
      // The running function holds itself to the same list (functions/src/platform/access.ts). A traced function on a deployed
      // stage records its AWS and HTTPS calls in X-Ray (functions/src/platform/tracing.ts); locally there is no X-Ray daemon.
      const traced = Boolean(functionObject.tracing ?? service.provider.tracing?.lambda) && functionObject.tracing !== 'PassThrough' && !['local', 'test'].includes(stage);
      functionObject.environment = { ...functionObject.environment, ACCESS: declared.join(','), POWERTOOLS_TRACE_ENABLED: String(traced) };
      // Logs go to the stage's group, not a group of its own (no resource of its own: see the stack limit above).
      functionObject.disableLogs = true;
      functionObject.logs = { ...functionObject.logs, logGroup };
      const implied = impliedStatements(functionObject, service.provider, logGroup);
      const statements = [...implied, ...declared.flatMap((name) => statementsFor(name, { service: service.service, stage }))];
      const key = JSON.stringify(statements);
      if (!roles.has(key)) {
        const words = [...declared, ...implied.map((statement) => statement.Sid).filter(Boolean)].flatMap((name) => name.split(/[^A-Za-z0-9]+/)).filter(Boolean);
        let roleId = `${words.map((word) => word[0].toUpperCase() + word.slice(1)).join('') || 'LogsOnly'}Role`;
        // Two different policies named by the same words (two consumers of different queues): the second gets a hash, never the first's role.
        if ([...roles.values()].some((role) => role.roleId === roleId)) roleId = `${roleId}${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
        roles.set(key, { roleId, statements, functions: [] });
      }
      const role = roles.get(key);
      role.functions.push(functionName);
      functionObject.role = role.roleId;
    }
    for (const role of roles.values()) {
      service.resources.Resources[role.roleId] = {
        Type: 'AWS::IAM::Role',
        Metadata: { Functions: role.functions },
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] },
          Policies: [{ PolicyName: 'access', PolicyDocument: { Version: '2012-10-17', Statement: role.statements } }],
        },
      };
    }
  }
}

module.exports = LeastPrivilege;
module.exports.statementsFor = statementsFor;
module.exports.knownNames = knownNames;
