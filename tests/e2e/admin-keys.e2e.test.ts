import { describe, expect, inject, it } from 'vitest';
import { signedHeaders } from '../../scripts/api-client';
import { auditedScreenshots } from '../support/axe';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();
const BUILDING = 'bldg-a';

const { audits, shot } = auditedScreenshots(screenshotPath);

/** A GET signed with a key, as a third party sends it. */
async function signedGet(keyId: string, secret: string, pathWithQuery: string): Promise<number> {
  const response = await fetch(`${api}${pathWithQuery}`, { headers: signedHeaders(keyId, secret, 'GET', pathWithQuery, '') });
  return response.status;
}

describe('API keys in the H5 mini-program', () => {
  it('an admin makes a key for one building, copies its secret (shown once), a third party signs with it, then the admin revokes it', async () => {
    const openid = `e2e-keys-${Date.now()}`;
    const page = await chromium.page();
    page.on('dialog', (dialog) => void dialog.accept());
    let loads = 0;
    const open = (hash: string) => page.goto(`${web}/?openid=${openid}&load=${++loads}#${hash}`);
    const visible = (selector: string) => page.locator(`${selector} >> visible=true`).first();

    const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'admin', note: '系统管理员 陈晨' } });
    await open(`/package-admin/invite/index?code=${invitation.body.code}`);
    await page.locator('#invite-redeem').click({ timeout: 30_000 });
    await expect.poll(async () => (await page.textContent('#invite-joined')) ?? '', { timeout: 15_000 }).toContain('管理员');

    // 1. From the manager tab: the keys page, and a manager key for the demo building.
    await open('/pages/manager/index');
    await visible('#admin-link-keys').click({ timeout: 30_000 });
    await visible('#key-name').waitFor({ timeout: 30_000 });
    await visible('#key-name').locator('input').fill('住建局监管平台');
    expect(await visible('#key-create').getAttribute('disabled')).not.toBeNull(); // no building chosen yet
    await visible(`#key-building-${BUILDING}`).click();
    await visible('#key-create').click();
    await visible('#key-secret').waitFor({ timeout: 15_000 });
    const keyId = ((await visible('#key-secret-id').textContent()) ?? '').trim();
    const secret = ((await visible('#key-secret-value').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await shot(page, 'keys-1-created');

    // 2. The third party's side: the key reads its building, and nothing else.
    expect(await signedGet(keyId, secret, `/v1/admin/meters?buildingId=${BUILDING}&limit=5`)).toBe(200);
    expect(await signedGet(keyId, secret, '/v1/admin/api-keys')).toBe(403);

    // 3. Once dismissed, the secret is gone from the page; the list shows the key by its fingerprint.
    await visible('#key-secret-done').click();
    expect(await page.locator('#key-secret >> visible=true').count()).toBe(0);
    const item = visible(`#key-${keyId}`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('住建局监管平台');
    expect(await item.textContent()).not.toContain(secret);
    expect(await item.textContent()).toContain('陈晨（我）');

    // 4. Revoked after a confirmation: the next signed request is refused.
    await visible(`#key-revoke-${keyId}`).click();
    await expect.poll(async () => item.getAttribute('data-revoked'), { timeout: 15_000 }).toBe('true');
    expect(await signedGet(keyId, secret, `/v1/admin/meters?buildingId=${BUILDING}&limit=5`)).toBe(401);
    await shot(page, 'keys-2-revoked');

    expect(audits).toEqual({});
  });
});
