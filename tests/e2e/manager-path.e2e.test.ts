import { describe, expect, inject, it } from 'vitest';
import type { SimMeter } from '../../scripts/simulator';
import { auditedScreenshots } from '../support/axe';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { startSimulator } from '../../scripts/simulator';
import { dispatchFor } from '../support/e2e-dispatch';
import { waterMeterReports } from '../support/meter-reports';
import { bindTenant, call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();
const BUILDING = 'bldg-a';

/** The demo's water meter of room A-204 (comfortably in credit), which the test has cut by hand. */
const METER: SimMeter = { meterId: 'W-A204', utility: 'water', protocol: 'cjt188', address: '00000000020402', platform: 'onenet', deviceId: 'on-W-A204', imei: '8600000002042', startValue: 0 };

/** What the meter itself reports through OneNET: its register and its valve. */
const meterReports = (valve: 'on' | 'off') => waterMeterReports(api, admin, METER, valve);

/** Each page the walk shows: its screenshot, and what axe-core (WCAG 2.2 AA) found on it. */
const { audits, shot } = auditedScreenshots(screenshotPath);

/** A new manager of the demo building: an admin's invitation, redeemed in the app. */
async function invitation(name = '王芳'): Promise<string> {
  const answer = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings: [BUILDING], note: name } });
  expect(answer.status).toBe(201);
  return answer.body.code as string;
}

describe('the manager path in the H5 mini-program', () => {
  it('invitation, overview, the cut meters, restore with its lifecycle, a cash payment and its receipt, a refund (a second approval refused), an alarm, a building keep-on approved by a second manager', async () => {
    const openid = `e2e-manager-${Date.now()}`;
    const page = await chromium.page();
    page.on('dialog', (dialog) => void dialog.accept());
    // A fresh load each time (the search changes): the H5 router would otherwise show an open page of the same path with its old query.
    let loads = 0;
    const open = (hash: string, who = openid) => page.goto(`${web}/?openid=${who}&load=${++loads}#${hash}`);
    const visible = (selector: string) => page.locator(`${selector} >> visible=true`).first();

    // 1. The invitation an admin handed over, redeemed in the app.
    await open(`/package-admin/invite/index?code=${await invitation()}`);
    await page.locator('#invite-redeem').click({ timeout: 30_000 });
    await expect.poll(async () => (await page.textContent('#invite-joined')) ?? '', { timeout: 15_000 }).toContain('物业管理员');
    await shot(page, 'admin-1-invited');

    // 2. The estate overview: the demo building by state.
    await page.locator('#invite-open').click();
    await visible(`#building-${BUILDING}`).waitFor({ timeout: 30_000 });
    expect(await visible(`#building-${BUILDING} .building-card__count`).textContent()).toBe('32 块表'); // 24 NB-IoT meters and the 8 behind the demo's two gateways
    await shot(page, 'admin-2-overview');

    // 3. A meter cut by hand (a hold), its valve reported closed: it is listed under the cut filter.
    expect((await call(api, `/v1/admin/meters/${METER.meterId}/commands`, { token: admin, body: { action: 'cut', reason: 'e2e：入户检查' } })).status).toBeLessThan(300);
    await meterReports('off');
    await expect.poll(async () => (await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.supply, { timeout: 20_000 }).toBe('off');
    await open('/pages/manager/index');
    await visible(`#state-${BUILDING}-cut`).click({ timeout: 30_000 });
    await visible(`#admin-meter-${METER.meterId}`).waitFor({ timeout: 30_000 });
    expect(await visible('#filter-cut').getAttribute('class')).toContain('is-active');
    await shot(page, 'admin-3-cut-meters');

    // 4. Open it and restore it, with a reason and a confirmation: the command shows with its lifecycle.
    await visible(`#admin-meter-${METER.meterId}`).click();
    await visible('#admin-meter-balance').waitFor({ timeout: 30_000 });
    await visible('#command-reason').locator('input').fill('检查完毕，恢复供水');
    await visible('#command-restore').click();
    await expect.poll(async () => (await visible('#command-outcome').textContent()) ?? '', { timeout: 15_000 }).toContain('已下发');
    const restore = visible('#commands [data-status]');
    await expect.poll(async () => (await restore.textContent()) ?? '', { timeout: 15_000 }).toContain('恢复供应');
    expect(await restore.textContent()).toContain('检查完毕，恢复供水');
    expect(await restore.getAttribute('data-status')).toMatch(/queued|sent|delivered|succeeded/);
    // Who asked for it, by the name the invitation gave.
    expect(await restore.textContent()).toContain('王芳（我）');
    const commands = (await call(api, `/v1/admin/meters/${METER.meterId}/commands`, { token: admin })).body.items as { action: string; requestedBy: string }[];
    expect(commands[0]).toMatchObject({ action: 'restore', requestedBy: `user:${openid}` });
    // The meter's side, as on AWS: the scheduled dispatch sends the command to the meter (the project's simulator, this meter only),
    // the meter opens its valve and answers through OneNET's webhook. The page reads the list again while a command is on its way.
    const last = ((await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.lastReading?.value as number | undefined) ?? 0;
    const simulator = await startSimulator({ apiUrl: api, port: 0, meters: [{ ...METER, startValue: last }], speed: 1, reportEveryMinutes: 1_000_000, offlineProbability: 0, log: () => undefined });
    try {
      const dispatch = dispatchFor(METER.meterId, simulator.url);
      await expect.poll(async () => (await dispatch(), restore.getAttribute('data-status')), { timeout: 60_000, interval: 2_000 }).toBe('succeeded');
    } finally {
      await simulator.stop();
    }
    expect((await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.supply).toBe('on');
    expect(await restore.locator('.command-history').textContent()).toMatch(/^排队中 \d{2}:\d{2}.* → 已执行 \d{2}:\d{2}/);
    // Its readings, each with what the billing made of it.
    await visible('#admin-readings .reading-row').waitFor({ timeout: 15_000 });
    await shot(page, 'admin-4-meter-restored');

    // 4b. Its QR code: a new one after a confirmation; the old sticker binds no one, the bound tenants stay.
    const oldScene = (await visible('#admin-code-scene').getAttribute('data-scene', { timeout: 15_000 }))!;
    await visible('#admin-code-rotate').click();
    await expect.poll(async () => (await visible('#admin-code-outcome').textContent()) ?? '', { timeout: 15_000 }).toContain('已换码');
    await expect.poll(async () => visible('#admin-code-scene').getAttribute('data-scene'), { timeout: 15_000 }).not.toBe(oldScene);
    const newcomer = (await call(api, '/v1/auth/login', { body: { code: `local:e2e-sticker-${Date.now()}` } })).body.token as string;
    expect((await call(api, '/v1/bindings', { token: newcomer, body: { scene: oldScene } })).status).toBe(404);
    await shot(page, 'admin-4b-meter-code');

    // 5. A cash payment, once, and its receipt.
    const before = (await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.balanceFen as number;
    await visible('#payment-amount').locator('input').fill('88');
    await visible('#payment-submit').click();
    await expect.poll(async () => (await visible('#payment-outcome').textContent()) ?? '', { timeout: 15_000 }).toContain('已记录 ¥88.00');
    expect((await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.balanceFen).toBe(before + 8800);
    await visible('#payment-receipt').click();
    await visible('#receipt-amount').waitFor({ timeout: 30_000 });
    expect(await visible('#receipt-amount').textContent()).toBe('+¥88.00');
    expect(await visible('#receipt-method').textContent()).toBe('现金');
    expect(await visible('#receipt-print').textContent()).toBe('打印收据');
    await shot(page, 'admin-5-receipt');

    // 5b. A tenant of A-205 moves out: settled at the last reading, the rest in the refund queue, the tenant unbound.
    const leaving = (await call(api, '/v1/auth/login', { body: { code: `local:e2e-leaving-${Date.now()}` } })).body.token as string;
    expect((await bindTenant(api, admin, leaving, 'W-A205')).status).toBe(201);
    await open('/package-admin/meter/index?meterId=W-A205');
    await visible('#tenancy-note').locator('input').fill('合同到期', { timeout: 30_000 });
    await visible('#move-out').click();
    await visible('#settlement').waitFor({ timeout: 15_000 });
    expect(await visible('#settlement').textContent()).toMatch(/已结算：余额 -?¥[\d.]+/);
    expect(await visible('#settlement').textContent()).toContain('已解绑 1 位租户');
    expect((await call(api, '/v1/meters/W-A205', { token: leaving })).status).toBe(404);
    await shot(page, 'admin-5b-move-out');

    // 6. A tenant's refund request: approved in the app while a second approval races it; exactly one wins.
    const tenant = (await call(api, '/v1/auth/login', { body: { code: 'local:demo-tenant-3' } })).body.token as string;
    const asked = await call(api, '/v1/refund-requests', { token: tenant, body: { meterId: 'W-A104', amountFen: 100, reason: 'e2e：多缴' } });
    expect(asked.status).toBe(201);
    await open('/package-admin/refunds/index');
    const item = visible(`#refund-${asked.body.id}`);
    await item.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await visible(`#refund-${asked.body.id}-balance`).textContent()) ?? '', { timeout: 15_000 }).toContain('¥');
    await shot(page, 'admin-6-refunds');
    const [, second] = await Promise.all([
      visible(`#refund-${asked.body.id}-cash`).click(),
      call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { token: admin, body: { method: 'cash' }, headers: { 'idempotency-key': `e2e-${Date.now()}` } }),
    ]);
    await expect.poll(async () => (await item.textContent()) ?? '', { timeout: 15_000 }).toMatch(/已处理|已由其他人处理/);
    const appWon = ((await item.textContent()) ?? '').includes('已处理');
    expect({ appWon, apiStatus: second.status }).toEqual({ appWon, apiStatus: appWon ? 409 : 200 });
    expect((await call(api, `/v1/meters/W-A104/refund-requests`, { token: tenant })).body.items[0]).toMatchObject({ id: asked.body.id, status: 'refunded' });
    await shot(page, 'admin-7-refund-decided');

    // 7. The alarms inbox: acknowledge one; it leaves the inbox.
    await open('/package-admin/alarms/index');
    const first = visible('#admin-alarms .alarm-item');
    await first.waitFor({ timeout: 30_000 });
    await shot(page, 'admin-8-alarms');
    const id = (await first.getAttribute('id'))!;
    await visible(`#${id} .secondary-action`).click();
    await expect.poll(async () => page.locator(`#${id} >> visible=true`).count(), { timeout: 15_000 }).toBe(0);
    // It is under 已确认, with who acknowledged it.
    await visible('#status-acknowledged').click();
    await expect.poll(async () => (await visible(`#${id} .alarm-closed`).textContent()) ?? '', { timeout: 15_000 }).toContain('王芳（我） 于');
    await shot(page, 'admin-8b-alarms-acknowledged');

    // 8. A building-wide keep-on: asked by this manager, approved by a second one.
    await open(`/package-admin/mass/index?buildingId=${BUILDING}`);
    await visible('#mass-reason').locator('input').fill('高温保电', { timeout: 30_000 });
    await visible('#mass-ask').click();
    await expect.poll(async () => (await visible('#mass-outcome').textContent()) ?? '', { timeout: 15_000 }).toContain('等待另一位管理员审批');
    const mass = visible('#mass-list [data-status="awaiting_approval"]');
    await mass.waitFor({ timeout: 15_000 });
    expect(await mass.textContent()).toContain('等待另一位管理员审批');
    const massId = (await mass.getAttribute('id'))!;
    await shot(page, 'admin-9-keep-on-asked');
    const second_manager = `e2e-manager-2-${Date.now()}`;
    const code = await invitation('李强');
    const other = (await call(api, '/v1/auth/login', { body: { code: `local:${second_manager}` } })).body.token as string;
    expect((await call(api, '/v1/me/invitations', { token: other, body: { code } })).status).toBe(200);
    await open(`/package-admin/mass/index?buildingId=${BUILDING}`, second_manager);
    await visible(`#${massId}-approve`).click({ timeout: 30_000 });
    await expect.poll(async () => visible(`#${massId}`).getAttribute('data-status'), { timeout: 60_000 }).toBe('active');
    expect(await visible(`#${massId}`).textContent()).toMatch(/\d+ 块表已保电/);
    expect(await visible(`#${massId}`).textContent()).toContain('王芳');
    expect(await visible(`#${massId}`).textContent()).toContain('李强（我）');
    await shot(page, 'admin-10-keep-on-active');
    // 9a. The building's QR codes as a printable sheet, each the code its meter has now.
    await open(`/package-admin/qrcodes/index?buildingId=${BUILDING}`);
    await visible('#qr-sheet').waitFor({ timeout: 30_000 });
    await expect.poll(async () => page.locator('#qr-sheet .qr-cell >> visible=true').count(), { timeout: 15_000 }).toBe(24); // the sheet's first page
    // A meter of the sheet's first page (ids in order: the gateways' E-A-… first), with the code it has now.
    const { scene: current } = (await call(api, '/v1/admin/meters/E-A102/binding-code', { token: admin })).body as { scene: string };
    expect(await visible('#qr-E-A102').getAttribute('data-scene')).toBe(current);
    await shot(page, 'admin-12-qr-sheet');

    // 9. The building's audit log: the restore this manager sent, with its reason.
    await open(`/package-admin/audit/index?buildingId=${BUILDING}`);
    await visible('#audit').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await visible('#audit').textContent()) ?? '', { timeout: 15_000 }).toContain('原因 检查完毕，恢复供水');
    expect(await visible('#audit').textContent()).toContain('远程控制');
    expect(await visible('#audit').textContent()).toContain('王芳（我）');
    await shot(page, 'admin-11-audit');
    // Put the building back as it was for the other browser tests.
    expect((await call(api, `/v1/admin/mass-actions/${massId.slice('mass-'.length)}/end`, { token: admin, method: 'POST' })).body.status).toBe('ended');
    await page.context().close();

    // Every page the manager saw: labelled controls, readable contrast, tap targets of a finger's size.
    expect(audits).toEqual({});
  }, 240_000);
});
