import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { WxaCodes } from '../adapters/wechat/wxacode';
import type { Principal } from '../http/types';

type CodeDeps = Pick<Deps, 'store' | 'clock'>;

/** 12 random bytes: 96 bits (CONTRACT), 16 base64url characters; the scene `q=<code>` is 18 of WeChat's 32. */
const newCode = (): string => randomBytes(12).toString('base64url');
const CODE = /^[A-Za-z0-9_-]{16}$/;

/** Failed binding attempts a user may make in a window before being refused (429) until it ends. */
export const BINDING_FAILURES_ALLOWED = 10;
const WINDOW_MS = 10 * 60_000;

/** What a meter's QR code carries: the scene, and the page it opens. */
export interface BindingCodeView {
  readonly scene: string;
  readonly page: string;
}

/** The mini-program's entry page, which reads the scene, binds and lands on the meter. */
export const QR_PAGE = 'pages/home/index';

const view = (code: string): BindingCodeView => ({ scene: `q=${code}`, page: QR_PAGE });

/** The meter's current code, issued on first request (a meter created before codes existed has none yet). */
export async function bindingCodeOf(deps: CodeDeps, meterId: string): Promise<BindingCodeView> {
  if (!(await deps.store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  for (;;) {
    const current = await deps.store.bindingCodes.current(meterId);
    if (current) return view(current);
    // Issued here, or by a concurrent request first (then the loop reads that one).
    const code = newCode();
    if (await deps.store.bindingCodes.replace(meterId, null, code, deps.clock.now().toISOString())) return view(code);
  }
}

/** A new code for the meter: the old sticker stops working at once; no one bound is unbound. */
export async function rotateBindingCode(deps: CodeDeps, meterId: string): Promise<BindingCodeView> {
  if (!(await deps.store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  for (;;) {
    const current = await deps.store.bindingCodes.current(meterId);
    const code = newCode();
    if (await deps.store.bindingCodes.replace(meterId, current, code, deps.clock.now().toISOString())) return view(code);
  }
}

/**
 * Binds the logged-in tenant to the meter whose QR code they scanned
 * (`scene` = `q=<code>`). An unknown, malformed or rotated code is the same
 * 404 whatever exists; a user with 10 failures in this ten-minute window
 * and the last is refused (429) until they age out. The old `m=<meterId>` scene is 400.
 */
export async function bindByScene(deps: CodeDeps, principal: Principal, scene: string): Promise<{ meterId: string }> {
  if (scene.startsWith('m=')) throw new AppError('binding.code_required', 400, 'Scan the QR code on the meter: a meter id alone does not bind', { details: { field: 'body.scene' } });
  if (principal.kind !== 'user') throw new AppError('binding.tenant_only', 403, 'Only a tenant binds to a meter');
  await assertFewFailures(deps, principal.openid, 'binding.rate_limited');
  const code = scene.startsWith('q=') ? scene.slice(2) : '';
  const meterId = CODE.test(code) ? await deps.store.bindingCodes.meterOf(code) : null;
  if (!meterId) {
    await countFailure(deps, principal.openid);
    throw notFound('binding.code_unknown', 'This code does not match a meter');
  }
  // The last tenant's money is still on the wallet until their settlement is decided: no one moves in on it.
  if (await deps.store.refunds.openSettlement(meterId)) {
    throw new AppError('binding.settling', 409, 'The last tenancy of this meter is being settled; ask the management office', { details: { meterId } });
  }
  await deps.store.meters.bind(principal.openid, meterId, deps.clock.now().toISOString());
  return { meterId };
}

/**
 * Refuses (429) a user with 10 failed codes — binding codes and staff
 * invitations alike — in this ten-minute window and the last: a guessed code
 * costs ten minutes per ten tries.
 */
export async function assertFewFailures(deps: CodeDeps, openid: string, code: string): Promise<void> {
  const window = Math.floor(deps.clock.now().getTime() / WINDOW_MS);
  // This window's failures and the last one's: a burst across a window's edge is counted whole.
  const [now, before] = await Promise.all([deps.store.bindingCodes.failures(openid, window), deps.store.bindingCodes.failures(openid, window - 1)]);
  if (now + before >= BINDING_FAILURES_ALLOWED) throw new AppError(code, 429, 'Too many codes that did not match; try again in a few minutes');
}

/** Counts one failed code against the user (it ages out after two windows). */
export async function countFailure(deps: CodeDeps, openid: string): Promise<void> {
  const window = Math.floor(deps.clock.now().getTime() / WINDOW_MS);
  await deps.store.bindingCodes.countFailure(openid, window, Math.ceil(((window + 2) * WINDOW_MS) / 1000));
}

/** The meter's QR code as a PNG of its current scene (issued on first request, like the code itself). */
export async function bindingQrCode(deps: CodeDeps, codes: WxaCodes, meterId: string, width: number): Promise<Buffer> {
  const { scene, page } = await bindingCodeOf(deps, meterId);
  return codes.unlimited({ scene, page, width });
}
