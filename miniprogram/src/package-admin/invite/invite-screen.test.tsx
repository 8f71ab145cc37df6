import { fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionState } from '../../session';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { tenantRoutes } from '../../test/tenant-api';
import { InviteScreen } from './invite-screen';

const $ = (selector: string) => document.querySelector(selector);

describe('InviteScreen', () => {
  it('makes the user staff at once, and says why a code did not work', async () => {
    window.localStorage.clear();
    let answer = fail(410, 'invitation.expired', 'This invitation has expired; ask for a new one');
    fakeApi(tenantRoutes([], { 'POST /v1/me/invitations': () => answer }));
    render(<InviteScreen initialCode='AbCdEfGhIjKlMnOpQrStUv' />);
    await waitFor(() => expect(($('#invite-redeem') as HTMLElement | null)?.getAttribute('disabled')).toBeNull());
    fireEvent.click($('#invite-redeem')!);
    await waitFor(() => expect($('.api-error .error-code')?.textContent).toBe('invitation.expired'));

    answer = ok({ openid: 'demo-tenant-1', roles: ['tenant', 'manager'], name: null, buildings: ['B-1'] });
    fireEvent.click($('#invite-redeem')!);
    await waitFor(() => expect($('#invite-joined')?.textContent).toBe('已加入，身份：租户、物业管理员'));
    const session = getSessionState();
    expect(session.status === 'ready' ? session.me.roles : []).toEqual(['tenant', 'manager']);
  });
});
