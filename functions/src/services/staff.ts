import { createHash, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AppError, notFound, type InvitationRequest, type MeResponse } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { actorOf } from './audit';
import { assertFewFailures, countFailure } from './binding-codes';
import { seesEveryBuilding } from './scope';

type StaffDeps = Pick<Deps, 'store' | 'clock'>;

const DEFAULT_HOURS = 72;
/** 16 random bytes: 128 bits, 22 base64url characters (typed once, by hand or pasted). */
const newCode = (): string => randomBytes(16).toString('base64url');
const CODE = /^[A-Za-z0-9_-]{22}$/;
const hashOf = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * `POST /v1/admin/invitations` (admin): a code that makes whoever redeems it
 * a manager of those buildings (or an admin). The code is answered once and
 * stored only as its SHA-256; the audit log keeps the invitation without it.
 */
export async function createInvitation(deps: StaffDeps, principal: Principal, body: InvitationRequest) {
  // A third party's key does not make staff: an admin key minting an admin invitation would be a way round "keys are made by a person".
  if (principal.kind === 'key' && principal.keyId !== 'bootstrap') throw new AppError('invitation.by_person', 403, 'Invitations are made by a person (a logged-in admin), not by an API key');
  const buildings = [...new Set(body.buildings ?? [])];
  const existing = await deps.store.estate.existingBuildings(buildings);
  const missing = buildings.find((id) => !existing.has(id));
  if (missing !== undefined) throw notFound('building.not_found', `No building "${missing}"`);
  const now = deps.clock.now();
  const expiresAtMs = now.getTime() + (body.expiresInHours ?? DEFAULT_HOURS) * 3_600_000;
  const code = newCode();
  const invitation = { role: body.role, buildings, createdBy: actorOf(principal), createdAt: now.toISOString(), expiresAt: new Date(expiresAtMs).toISOString(), note: body.note ?? null };
  // Kept a day past expiry (TTL), so a late try is told "expired" rather than "unknown".
  await deps.store.staff.createInvitation(hashOf(code), invitation, Math.ceil(expiresAtMs / 1000) + 86_400);
  return {
    view: { code, role: invitation.role, buildings, expiresAt: invitation.expiresAt },
    audit: { after: { role: invitation.role, buildings, expiresAt: invitation.expiresAt, note: invitation.note, codeSha256: hashOf(code).slice(0, 12) } },
  };
}

/**
 * `POST /v1/me/invitations`: the logged-in user becomes what the invitation
 * says, once: a used code answers 409, an expired one 410, an unknown one
 * 404 (and counts as a failed code: ten in ten minutes and the user waits).
 * Roles and buildings are added to the user's own: a manager of building A
 * invited to B manages both.
 */
export async function redeemInvitation(deps: StaffDeps, principal: Principal, code: string): Promise<MeResponse> {
  if (principal.kind !== 'user') throw new AppError('invitation.user_only', 403, 'An invitation is redeemed by a logged-in WeChat user');
  await assertFewFailures(deps, principal.openid, 'invitation.rate_limited');
  const hash = hashOf(code);
  const invitation = CODE.test(code) ? await deps.store.staff.invitation(hash) : null;
  if (!invitation) {
    await countFailure(deps, principal.openid);
    throw notFound('invitation.not_found', 'This invitation code is not known');
  }
  const at = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    if (invitation.usedBy) throw new AppError('invitation.used', 409, 'This invitation was already used');
    if (invitation.expiresAt <= at) throw new AppError('invitation.expired', 410, 'This invitation has expired; ask for a new one');
    const user = await deps.store.users.get(principal.openid);
    if (!user) throw new AppError('invitation.user_only', 403, 'Log in again before redeeming an invitation');
    const roles = [...new Set([...user.roles, invitation.role])];
    const buildings = invitation.role === 'manager' ? [...new Set([...user.buildings, ...invitation.buildings])] : user.buildings;
    try {
      const outcome = await deps.store.staff.redeem(hash, { openid: principal.openid, at, before: user, roles, buildings, name: user.name ?? invitation.note });
      if (outcome === 'redeemed') return { openid: user.openid, roles, name: user.name ?? invitation.note, buildings: roles.includes('admin') ? null : buildings };
      if (outcome === 'used') throw new AppError('invitation.used', 409, 'This invitation was already used');
      if (outcome === 'expired') throw new AppError('invitation.expired', 410, 'This invitation has expired; ask for a new one');
      // The user's roles changed meanwhile (another invitation): read them again.
    } catch (error) {
      // A transaction conflict with a concurrent write: try again like a change.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
    if (attempt >= 3) throw new AppError('invitation.busy', 409, 'Your roles are changing; try again');
  }
}

/**
 * `GET /v1/admin/staff`: who the operator ids in logs and lists are — the
 * admins, and the managers who share a building with the caller (an admin
 * sees every one). Names come from the invitation's note unless the user had one.
 */
export async function listStaff(deps: StaffDeps, principal: Principal) {
  const everyone = await deps.store.staff.directory();
  const mine = new Set(principal.buildings ?? []);
  const visible = everyone.filter((member) => seesEveryBuilding(principal) || member.roles.includes('admin') || member.buildings.some((building) => mine.has(building)));
  return {
    items: visible
      .map((member) => ({
        actor: `user:${member.openid}`,
        name: member.name,
        role: member.roles.includes('admin') ? ('admin' as const) : ('manager' as const),
        buildings: seesEveryBuilding(principal) ? member.buildings : member.buildings.filter((building) => mine.has(building)),
      }))
      .sort((a, b) => a.actor.localeCompare(b.actor)),
    next: null,
  };
}
