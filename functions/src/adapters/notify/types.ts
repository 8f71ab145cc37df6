import type { TemplateData } from '@prepaid/shared';

/** What a channel answered. `refused`: the user withdrew consent (WeChat 43101), recorded and never retried. */
export type SendOutcome = { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly code: string; readonly refused: boolean; readonly message: string };

/** WeChat subscription messages (`subscribeMessage.send`). */
export interface SubscribeMessages {
  send(message: { touser: string; templateId: string; page: string; data: TemplateData; miniprogramState: 'formal' | 'trial' | 'developer' }): Promise<SendOutcome>;
}

/** Text messages to a phone, from a template of the provider. */
export interface SmsSender {
  send(message: { phone: string; templateId: string; params: readonly string[] }): Promise<SendOutcome>;
}

/** Where nothing leaves the machine: the notification record is the outbox. */
export const localChannel: SubscribeMessages & SmsSender = { send: async () => ({ ok: true, detail: 'local outbox' }) };
