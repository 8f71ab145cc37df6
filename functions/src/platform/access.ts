import type { Pluggable } from '@smithy/types';
import declarations from '../../../deploy/access.json';

/**
 * What this function may do, from `ACCESS` (the `access:` list serverless.yml
 * declares for it, set by deploy/least-privilege.cjs, which also makes its IAM
 * role from the same list). The running function holds itself to the list
 * on every stage: locally and in the tests a function that reaches beyond it
 * fails loudly (`AccessRefused`), as AWS would refuse it with AccessDenied,
 * instead of passing until the first deploy. Without `ACCESS` (unit tests,
 * scripts) nothing is restricted.
 */
export interface Access {
  readonly declared: readonly string[];
  has(name: string): boolean;
}

export class AccessRefused extends Error {
  constructor(what: string, declared: readonly string[]) {
    super(`This function may not ${what}: its access is [${declared.join(', ')}] (serverless.yml access:, deploy/access.json)`);
    this.name = 'AccessRefused';
  }
}

export function accessFrom(env: Readonly<Record<string, string | undefined>>): Access | null {
  if (env.ACCESS === undefined) return null;
  const declared = env.ACCESS.split(',').map((name) => name.trim()).filter(Boolean);
  return { declared, has: (name) => declared.includes(name) };
}

/** The secret groups (deploy/access.json `secrets`) a function may read: all of them without `ACCESS`. */
export function secretGroupsOf(access: Access | null): string[] {
  const groups = Object.keys(declarations.secrets);
  return access ? groups.filter((group) => access.has(`secrets:${group}`)) : groups;
}

/** The secret names of `groups`. */
export const secretNamesOf = (groups: readonly string[]): string[] => groups.flatMap((group) => (declarations.secrets as Record<string, string[]>)[group] ?? []);

/** `value`, or, when `name` is not in the function's access, a stand-in whose every method rejects (`what` says what was refused). */
export function guarded<T extends object>(access: Access | null, name: string, what: string, value: T): T {
  if (!access || access.has(name)) return value;
  // The stand-in never touches `value`: a lazy one (WeChat Pay) is not built for a function that may not use it.
  return new Proxy({} as T, {
    get: (_target, property) => (property === 'then' ? undefined : () => Promise.reject(new AccessRefused(`${what} (it needs "${name}")`, access.declared))),
  });
}

type Key = Record<string, unknown> | undefined;
interface TableUse {
  readonly action: string;
  readonly key?: Key;
}

/** The IAM actions a DynamoDB call is authorized as, each with the item key it touches (for a leading-keys condition). */
export function tableUsesOf(commandName: string, input: Record<string, unknown>): TableUse[] {
  const name = commandName.replace(/Command$/, '');
  switch (name) {
    case 'Get':
    case 'GetItem':
      return [{ action: 'dynamodb:GetItem', key: input.Key as Key }];
    case 'Put':
    case 'PutItem':
      return [{ action: 'dynamodb:PutItem', key: input.Item as Key }];
    case 'Update':
    case 'UpdateItem':
      return [{ action: 'dynamodb:UpdateItem', key: input.Key as Key }];
    case 'Delete':
    case 'DeleteItem':
      return [{ action: 'dynamodb:DeleteItem', key: input.Key as Key }];
    case 'Query':
    case 'Scan':
    case 'BatchGetItem':
    case 'DescribeTable':
      return [{ action: `dynamodb:${name}` }];
    case 'BatchGet':
      return [{ action: 'dynamodb:BatchGetItem' }];
    case 'BatchWrite':
    case 'BatchWriteItem': {
      const requests = Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]>).flat();
      return requests.map((request) => ({ action: 'dynamodb:BatchWriteItem', key: request.PutRequest?.Item ?? request.DeleteRequest?.Key }));
    }
    case 'TransactGet':
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as { Get: { Key: Key } }[]).map((item) => ({ action: 'dynamodb:GetItem', key: item.Get.Key }));
    case 'TransactWrite':
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as { Put?: { Item: Key }; Update?: { Key: Key }; Delete?: { Key: Key }; ConditionCheck?: { Key: Key } }[]).map((item) =>
        item.Put
          ? { action: 'dynamodb:PutItem', key: item.Put.Item }
          : item.Update
            ? { action: 'dynamodb:UpdateItem', key: item.Update.Key }
            : item.Delete
              ? { action: 'dynamodb:DeleteItem', key: item.Delete.Key }
              : { action: 'dynamodb:ConditionCheckItem', key: item.ConditionCheck?.Key },
      );
    default:
      return [{ action: `dynamodb:${name}` }];
  }
}

/** A partition key as written, marshalled (`{S: …}`) or not. */
const partitionOf = (key: Key): string | undefined => {
  const pk = key?.PK as unknown;
  if (typeof pk === 'string') return pk;
  if (pk && typeof pk === 'object' && 'S' in pk && typeof pk.S === 'string') return pk.S;
  return undefined;
};

/** IAM's StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

/** Whether `access` allows one use, as the role made from it would. */
export function tableAllows(access: Access, use: TableUse): boolean {
  return Object.entries(declarations.table).some(([name, grant]) => {
    if (!access.has(name) || !grant.actions.includes(use.action)) return false;
    const leading = (grant as { leadingKeys?: string[] }).leadingKeys;
    if (!leading) return true;
    const partition = partitionOf(use.key);
    return partition !== undefined && leading.some((pattern) => like(pattern, partition));
  });
}

/** A DynamoDB client middleware refusing what `access` does not allow, before the call leaves. */
export function tableGuard<Input extends object, Output extends object>(access: Access): Pluggable<Input, Output> {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const input = (args.input ?? {}) as unknown as Record<string, unknown>;
          for (const use of tableUsesOf(context.commandName ?? '', input)) {
            // The key's kind only (USER#…, never the openid after it): the message is logged.
            if (!tableAllows(access, use)) throw new AccessRefused(`${use.action}${partitionOf(use.key) ? ` on ${partitionOf(use.key)!.split('#')[0]}#…` : ''}`, access.declared);
          }
          return next(args);
        },
        { step: 'initialize', name: 'accessGuard', priority: 'high' },
      );
    },
  };
}
