import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { ssmSecretSource } from '../platform/secrets';
import { ssmParametersByPath } from './ssm';

type Page = { Parameters: unknown[]; NextToken?: string };
/** The recorded GetParametersByPath answers, by the Path asked (the wechatpay folder in two pages). */
const RECORDED = JSON.parse(readFileSync(new URL('./ssm-fixtures/get-parameters-by-path.json', import.meta.url), 'utf8')) as { byPath: Record<string, Page[]> };

interface SeenCall {
  readonly target: string | undefined;
  readonly body: { Path?: string; WithDecryption?: boolean; NextToken?: string; Recursive?: boolean };
  readonly signed: boolean;
}

/**
 * A server speaking SSM's JSON protocol (POST /, `X-Amz-Target:
 * AmazonSSM.GetParametersByPath`, `application/x-amz-json-1.1`) that answers
 * the recorded pages of the Path asked in turn, following the NextToken the
 * client sends back (a path with nothing recorded has no parameters).
 */
async function recordedSsm(byPath: Record<string, Page[]>): Promise<{ url: string; seen: SeenCall[]; server: Server }> {
  const seen: SeenCall[] = [];
  const read = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    return JSON.parse(text || '{}') as SeenCall['body'];
  };
  const server = createServer((request, response) => {
    void read(request).then((body) => {
      const target = request.headers['x-amz-target'] as string | undefined;
      seen.push({ target, body, signed: String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256') });
      if (target !== 'AmazonSSM.GetParametersByPath') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const pages = byPath[body.Path ?? ''] ?? [];
      const index = body.NextToken ? pages.findIndex((_, i) => pages[i - 1]?.NextToken === body.NextToken) : 0;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(pages[index] ?? { Parameters: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const clientFor = (url: string) => new SSMClient({ endpoint: url, region: 'ap-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 });

describe('SSM Parameter Store through the AWS SDK and Powertools (recorded answers)', () => {
  it('reads each of the function’s groups’ folders, page after page, decrypted, by name, and ignores names not of the folder’s group', async () => {
    const ssm = await recordedSsm(RECORDED.byPath);
    servers.push(ssm.server);
    const source = ssmSecretSource('/prepaid/prod/', ssmParametersByPath({}, clientFor(ssm.url)), ['api', 'wechat', 'wechatpay']);
    expect(source.describe).toBe('SSM Parameter Store /prepaid/prod/{api,wechat,wechatpay}/');
    expect(await source.read()).toEqual({
      BOOTSTRAP_ADMIN_KEY: 'Xq7vR2mK9pL4sT8wZ1nB6cF3hJ5dG0yA',
      WECHAT_SECRET: 'wechat-app-secret-0123456789abcdef',
      WECHATPAY_APIV3_KEY: '0123456789abcdefghijklmnopqrstuv',
      WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    });
    // Four signed calls asking for decryption: one a folder, the wechatpay folder's second following its first page's token.
    expect(ssm.seen.map((call) => call.body.Path)).toEqual(['/prepaid/prod/api', '/prepaid/prod/wechat', '/prepaid/prod/wechatpay', '/prepaid/prod/wechatpay']);
    expect(ssm.seen.every((call) => call.signed && call.target === 'AmazonSSM.GetParametersByPath' && call.body.WithDecryption === true)).toBe(true);
    expect(ssm.seen[3]!.body.NextToken).toBe('AAEAAQ-page-2');
  });

  it('asks only for the folders of the groups given: a function without WeChat Pay never reads its keys', async () => {
    const ssm = await recordedSsm(RECORDED.byPath);
    servers.push(ssm.server);
    const source = ssmSecretSource('/prepaid/prod', ssmParametersByPath({}, clientFor(ssm.url)), ['wechat']);
    expect(await source.read()).toEqual({ WECHAT_SECRET: 'wechat-app-secret-0123456789abcdef' });
    expect(ssm.seen.map((call) => call.body.Path)).toEqual(['/prepaid/prod/wechat']);
    expect(await ssmSecretSource('/prepaid/prod/', ssmParametersByPath({}, clientFor(ssm.url)), []).read()).toEqual({});
    expect(ssm.seen).toHaveLength(1);
  });

  it('reads the store again each time (the keeper decides how old secrets may be), so a rotated value is seen', async () => {
    const byPath = structuredClone(RECORDED.byPath);
    const ssm = await recordedSsm(byPath);
    servers.push(ssm.server);
    const source = ssmSecretSource('/prepaid/prod/', ssmParametersByPath({}, clientFor(ssm.url)), ['wechat']);
    expect((await source.read()).WECHAT_SECRET).toBe('wechat-app-secret-0123456789abcdef');
    (byPath['/prepaid/prod/wechat']![0]!.Parameters[0] as { Value: string }).Value = 'rotated-wechat-secret';
    expect((await source.read()).WECHAT_SECRET).toBe('rotated-wechat-secret');
    expect(ssm.seen).toHaveLength(2);
  });

  it('fails (for the keeper to keep what it holds) when the store answers an error', async () => {
    const ssm = await recordedSsm({});
    servers.push(ssm.server);
    ssm.server.removeAllListeners('request');
    ssm.server.on('request', (_request, response) => response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform: ssm:GetParametersByPath' })));
    const source = ssmSecretSource('/prepaid/prod/', ssmParametersByPath({}, clientFor(ssm.url)), ['api']);
    await expect(source.read()).rejects.toThrow(/not authorized|AccessDenied/);
  });
});
