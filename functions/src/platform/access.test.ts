import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableRef } from '../store/client';
import { accessFrom, AccessRefused, guarded, secretGroupsOf, secretNamesOf, tableAllows } from './access';

/** A table client whose calls, once past the guard, go nowhere (a closed port): refused calls never get that far. */
const tableWith = (access: string) => createTableRef({ tableName: 't', region: 'ap-east-1', endpoint: 'http://127.0.0.1:9', access: accessFrom({ ACCESS: access }) });

/** What a call ends in: refused by the guard, or let through (and then failing on the closed port). */
async function outcome(send: Promise<unknown>): Promise<'refused' | 'let through'> {
  try {
    await send;
    return 'let through';
  } catch (error) {
    return error instanceof AccessRefused ? 'refused' : 'let through';
  }
}

describe('a function held to its declared access (ACCESS)', () => {
  it('lets a read-only function read and refuses its writes before they leave', async () => {
    const { doc, raw } = tableWith('read,secrets:api');
    expect(await outcome(doc.send(new GetCommand({ TableName: 't', Key: { PK: 'METER#m1', SK: 'METER' } })))).toBe('let through');
    expect(await outcome(doc.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': 'x' } })))).toBe('let through');
    expect(await outcome(doc.send(new PutCommand({ TableName: 't', Item: { PK: 'METER#m1', SK: 'METER' } })))).toBe('refused');
    expect(await outcome(doc.send(new UpdateCommand({ TableName: 't', Key: { PK: 'WALLET#m1', SK: 'WALLET' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } })))).toBe('refused');
    expect(await outcome(raw.send(new ScanCommand({ TableName: 't' })))).toBe('refused');
    expect(await outcome(raw.send(new DescribeTableCommand({ TableName: 't' })))).toBe('refused');
  }, 30_000);

  it('lets a read route write only its callers’ request records (nonce, rate, audit), as the leading-keys condition does', async () => {
    const { doc } = tableWith('read,requests');
    expect(await outcome(doc.send(new PutCommand({ TableName: 't', Item: { PK: 'APINONCE#k1#n1', SK: 'NONCE' } })))).toBe('let through');
    expect(await outcome(doc.send(new UpdateCommand({ TableName: 't', Key: { PK: 'APIRATE#k1#29000000', SK: 'RATE' }, UpdateExpression: 'ADD r :one', ExpressionAttributeValues: { ':one': 1 } })))).toBe('let through');
    expect(await outcome(doc.send(new PutCommand({ TableName: 't', Item: { PK: 'AUDIT', SK: 'x' } })))).toBe('let through');
    expect(await outcome(doc.send(new PutCommand({ TableName: 't', Item: { PK: 'AUDITX', SK: 'x' } })))).toBe('refused');
    expect(await outcome(doc.send(new PutCommand({ TableName: 't', Item: { PK: 'WALLET#m1', SK: 'WALLET' } })))).toBe('refused');
  }, 30_000);

  it('judges each item of a transaction and a batch', async () => {
    const { doc } = tableWith('read,requests');
    const transaction = (pk: string) => new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { PK: 'APINONCE#k#n', SK: 'NONCE' } } }, { Update: { TableName: 't', Key: { PK: pk, SK: 'RATE' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } } }] });
    expect(await outcome(doc.send(transaction('APIRATE#k#1')))).toBe('let through');
    expect(await outcome(doc.send(transaction('WALLET#m1')))).toBe('refused');
    // A batch write is its own action, which `requests` does not grant at all.
    expect(await outcome(doc.send(new BatchWriteCommand({ RequestItems: { t: [{ PutRequest: { Item: { PK: 'APINONCE#k#n', SK: 'NONCE' } } }] } })))).toBe('refused');
    const writer = tableWith('read,write').doc;
    expect(await outcome(writer.send(new BatchWriteCommand({ RequestItems: { t: [{ PutRequest: { Item: { PK: 'WALLET#m1', SK: 'WALLET' } } }, { DeleteRequest: { Key: { PK: 'X', SK: 'Y' } } }] } })))).toBe('let through');
    expect(tableAllows(accessFrom({ ACCESS: 'write' })!, { action: 'dynamodb:ConditionCheckItem', key: { PK: 'METER#m' } })).toBe(true);
    expect(tableAllows(accessFrom({ ACCESS: 'read' })!, { action: 'dynamodb:ConditionCheckItem', key: { PK: 'METER#m' } })).toBe(false);
  }, 30_000);

  it('restricts nothing without ACCESS (unit tests, scripts)', async () => {
    const { raw } = createTableRef({ tableName: 't', region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' });
    expect(await outcome(raw.send(new ScanCommand({ TableName: 't' })))).toBe('let through');
    expect(secretGroupsOf(null)).toEqual(['api', 'wechat', 'wechatpay', 'iot-push', 'iot-command', 'sms']);
  }, 30_000);

  it('gives a function the secrets of its declared groups only', () => {
    const access = accessFrom({ ACCESS: 'read,write,secrets:wechatpay,secrets:api' });
    expect(secretGroupsOf(access)).toEqual(['api', 'wechatpay']);
    expect(secretNamesOf(secretGroupsOf(access))).toEqual(['BOOTSTRAP_ADMIN_KEY', 'API_KEY_SEALING_KEY', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_MERCHANT_SERIAL', 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'WECHATPAY_PUBLIC_KEY', 'WECHATPAY_PLATFORM_CERTS']);
    expect(secretGroupsOf(accessFrom({ ACCESS: '' }))).toEqual([]);
  });

  it('stands a refusing stand-in for a dependency outside the access, without building it', async () => {
    let built = false;
    const lazyThing = new Proxy({} as { send(): Promise<string> }, {
      get: () => {
        built = true;
        return async () => 'sent';
      },
    });
    const refused = guarded(accessFrom({ ACCESS: 'read' }), 'secrets:wechat', 'send a WeChat subscription message', lazyThing);
    await expect(refused.send()).rejects.toThrow(/may not send a WeChat subscription message \(it needs "secrets:wechat"\): its access is \[read\]/);
    expect(built).toBe(false);
    expect(await guarded(accessFrom({ ACCESS: 'secrets:wechat' }), 'secrets:wechat', 'send', lazyThing).send()).toBe('sent');
  });
});

describe('a deployed function without a secret group starts without its secrets', () => {
  it('builds the dependencies of a read route and a webhook on prod, WeChat live and Tencent SMS, with none of the WeChat or SMS secrets', async () => {
    const { loadConfig } = await import('../config');
    const { createDeps } = await import('../deps');
    const prod = { STAGE: 'prod', TABLE_NAME: 'prepaid-prod', WECHAT_APPID: 'wx1', SMS_MODE: 'tencent', TENCENT_SMS_SDK_APP_ID: '1400000001', TENCENT_SMS_SIGN_NAME: '安居' };
    for (const access of ['read,requests,secrets:api', 'pushes,secrets:iot-push']) {
      const config = loadConfig({ ...prod, ACCESS: access });
      expect(config.notify.sms.mode).toBe('off');
      const deps = createDeps(config);
      await expect(deps.wechat.exchange('code')).rejects.toThrow(/may not exchange a WeChat login code/);
    }
    // A function that tells tenants still needs them, and says so.
    expect(() => loadConfig({ ...prod, ACCESS: 'read,write,secrets:wechat,secrets:sms' })).toThrow(/SMS_MODE=tencent needs/);
    const telling = createDeps(loadConfig({ ...prod, ACCESS: 'read,write,secrets:wechat' }));
    expect(() => telling.wechat.exchange('code')).toThrow(/WECHAT_MODE=live needs WECHAT_APPID and WECHAT_SECRET/);
  });
});
