import { declared, route } from '../http';
import { listNotifications, listNotificationsForStaff, recordSubscription, setPhone, subscriptionsOf } from '../services/notifications';

/** `GET /v1/me/subscriptions`: per kind, the template to ask for and the messages still granted. */
export const subscriptions = route(declared('GET /v1/me/subscriptions'), async (request, deps) => ({ status: 200, body: await subscriptionsOf(deps, request.principal) }));

/** `POST /v1/me/subscriptions` `{results:{<templateId>:'accept'|…}}`: what wx.requestSubscribeMessage answered. */
export const subscribe = route(declared('POST /v1/me/subscriptions'), async (request, deps) => ({
  status: 200,
  body: await recordSubscription(deps, request.principal, request.body.results),
}));

/** `POST /v1/me/phone` `{phone}`: the number SMS falls back to. */
export const phone = route(declared('POST /v1/me/phone'), async (request, deps) => ({ status: 200, body: await setPhone(deps, request.principal, request.body.phone) }));

/** `GET /v1/meters/{meterId}/notifications`: a tenant's own messages of a meter (staff: all). */
export const forMeter = route(declared('GET /v1/meters/{meterId}/notifications'), async (request, deps) => ({
  status: 200,
  body: await listNotifications(deps, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/admin/notifications?meterId=`: every record of a meter, sent or not (locally: the outbox). */
export const list = route(declared('GET /v1/admin/notifications'), async (request, deps) => {
  const { meterId, ...page } = request.query;
  return { status: 200, body: await listNotificationsForStaff(deps, request.principal, meterId, page) };
});
