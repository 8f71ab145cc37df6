import type { AlarmKind, MeterFilter } from '@prepaid/shared';
import { callRoute } from '../api/route-client';

/** The manager's reads and actions: in the admin subpackage, so the tenant's main package never carries them. */

export function listAdminMeters(query: { buildingId?: string; filter?: MeterFilter; q?: string; cursor?: string }) {
  return callRoute('GET /v1/admin/meters', { query: { limit: 20, ...query } });
}

export function getMeterForStaff(meterId: string) {
  return callRoute('GET /v1/meters/{meterId}', { params: { meterId } });
}

export function listMeterCommands(meterId: string, cursor?: string) {
  return callRoute('GET /v1/admin/meters/{meterId}/commands', { params: { meterId }, query: { limit: 10, cursor } });
}

export function sendCommand(meterId: string, action: 'cut' | 'restore' | 'keep_on' | 'keep_off', reason: string) {
  return callRoute('POST /v1/admin/meters/{meterId}/commands', { params: { meterId }, body: { action, reason } });
}

export function listMeterAlarms(meterId: string) {
  return callRoute('GET /v1/admin/meters/{meterId}/alarms', { params: { meterId }, query: { status: 'open' } });
}

export function listTenants(meterId: string) {
  return callRoute('GET /v1/admin/meters/{meterId}/tenants', { params: { meterId } });
}

export function listLedger(meterId: string, cursor?: string) {
  return callRoute('GET /v1/meters/{meterId}/ledger', { params: { meterId }, query: { limit: 10, cursor } });
}

export function recordPayment(meterId: string, amountFen: number, method: 'cash' | 'bank_transfer', reference: string | undefined, idempotencyKey: string) {
  return callRoute('POST /v1/admin/meters/{meterId}/payments', { params: { meterId }, body: { amountFen, method, ...(reference ? { reference } : {}) }, headers: { 'idempotency-key': idempotencyKey } });
}

export function acknowledgeAlarm(meterId: string, kind: string, note?: string) {
  return callRoute('POST /v1/admin/meters/{meterId}/alarms/{kind}/ack', { params: { meterId, kind }, body: note ? { note } : {} });
}

export function listAlarms(query: { status: 'open' | 'acknowledged' | 'cleared'; kind?: AlarmKind; buildingId?: string; cursor?: string }) {
  return callRoute('GET /v1/admin/alarms', { query: { limit: 20, ...query } });
}

export function listRefundRequests(status: 'pending' | 'refunding' | 'refunded' | 'rejected' | 'failed', cursor?: string) {
  return callRoute('GET /v1/admin/refund-requests', { query: { status, limit: 20, cursor } });
}

export function approveRefund(requestId: string, method: 'wechat' | 'cash', idempotencyKey: string) {
  return callRoute('POST /v1/admin/refund-requests/{requestId}/approve', { params: { requestId }, body: { method }, headers: { 'idempotency-key': idempotencyKey } });
}

export function rejectRefund(requestId: string, reason: string) {
  return callRoute('POST /v1/admin/refund-requests/{requestId}/reject', { params: { requestId }, body: { reason } });
}

export function listMassActions(buildingId: string, cursor?: string) {
  return callRoute('GET /v1/admin/buildings/{buildingId}/mass-actions', { params: { buildingId }, query: { limit: 20, cursor } });
}

export function requestKeepOn(buildingId: string, until: string, reason: string) {
  return callRoute('POST /v1/admin/buildings/{buildingId}/mass-actions', { params: { buildingId }, body: { action: 'keep_on', until, reason } });
}

export function approveMass(actionId: string) {
  return callRoute('POST /v1/admin/mass-actions/{actionId}/approve', { params: { actionId }, body: {} });
}

export function rejectMass(actionId: string, note: string) {
  return callRoute('POST /v1/admin/mass-actions/{actionId}/reject', { params: { actionId }, body: { note } });
}

export function endMass(actionId: string) {
  return callRoute('POST /v1/admin/mass-actions/{actionId}/end', { params: { actionId } });
}

export function moveOut(meterId: string, body: { finalReading?: { value: number; unit: 'Wh' | 'L'; at: string }; note?: string }) {
  return callRoute('POST /v1/admin/meters/{meterId}/move-out', { params: { meterId }, body });
}

export function moveIn(meterId: string, body: { openingCreditFen?: number; note?: string }) {
  return callRoute('POST /v1/admin/meters/{meterId}/move-in', { params: { meterId }, body });
}

export function listAudit(buildingId: string, cursor?: string) {
  return callRoute('GET /v1/admin/audit', { query: { buildingId, limit: 20, cursor } });
}

export function listQrSheet(buildingId: string, cursor?: string) {
  return callRoute('GET /v1/admin/buildings/{buildingId}/qrcodes', { params: { buildingId }, query: { limit: 24, cursor } });
}

export function adjustBalance(meterId: string, body: { amountFen: number; reason: string; reversesEntryId?: string }, idempotencyKey: string) {
  return callRoute('POST /v1/admin/meters/{meterId}/adjustments', { params: { meterId }, body, headers: { 'idempotency-key': idempotencyKey } });
}

export function listMeterReadings(meterId: string, cursor?: string) {
  return callRoute('GET /v1/meters/{meterId}/readings', { params: { meterId }, query: { limit: 10, cursor } });
}

export function getBindingCode(meterId: string) {
  return callRoute('GET /v1/admin/meters/{meterId}/binding-code', { params: { meterId } });
}

export function rotateBindingCode(meterId: string) {
  return callRoute('POST /v1/admin/meters/{meterId}/binding-code', { params: { meterId } });
}

export function listStaff() {
  return callRoute('GET /v1/admin/staff', {});
}

export function startExport(body: { kind: 'ledger' | 'recharges' | 'consumption' | 'alarms'; from: string; to: string; buildingId?: string; format: 'xlsx' | 'csv' }) {
  return callRoute('POST /v1/admin/exports', { body });
}

export function listExports() {
  return callRoute('GET /v1/admin/exports', { query: { limit: 10 } });
}

export function listApiKeys() {
  return callRoute('GET /v1/admin/api-keys', {});
}

export function createApiKey(body: { name: string; role: 'manager' | 'admin'; buildings?: string[] }) {
  return callRoute('POST /v1/admin/api-keys', { body });
}

export function revokeApiKey(keyId: string) {
  return callRoute('DELETE /v1/admin/api-keys/{keyId}', { params: { keyId } });
}

export function listIncome(query: { from: string; to: string; buildingId?: string; kind?: 'recharge' | 'refund' | 'adjustment' | 'reversal'; cursor?: string }) {
  return callRoute('GET /v1/admin/statistics/income', { query: { limit: 20, ...query } });
}

/** The gateways of the caller's buildings, with the meters behind each. */
export function listGateways() {
  return callRoute('GET /v1/admin/gateways', {});
}

/** The device a meter is on, and every meter on it the caller may see (a terminal's circuits, a gateway's bus). */
export function getMeterDevice(meterId: string) {
  return callRoute('GET /v1/admin/meters/{meterId}/device', { params: { meterId } });
}
