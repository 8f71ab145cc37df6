import { createStore, createTableRef } from '../../functions/src/store';

const CHANNELS: Record<string, string> = { wechat: '微信', sms: '短信', none: '未发送' };

/**
 * Locally nothing leaves the machine: the notification records are the
 * outbox. This prints each new one as it is written (polling the demo
 * meters' records every few seconds), so `npm start` shows what tenants
 * would have been sent, by which channel.
 */
export function watchOutbox(options: { endpoint: string; tableName: string; meterIds: readonly string[]; print: (line: string) => void; everyMs?: number }): () => void {
  const store = createStore(createTableRef({ tableName: options.tableName, region: 'local', endpoint: options.endpoint }));
  const since = new Date().toISOString();
  const seen = new Set<string>();
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const meterId of options.meterIds) {
        const { items } = await store.notifications.listForMeter(meterId, { limit: 20 });
        for (const record of [...items].reverse()) {
          if (record.at < since || seen.has(record.id) || record.status === 'pending') continue;
          seen.add(record.id);
          options.print(`[outbox] ${CHANNELS[record.channel] ?? record.channel} ${record.status} → ${record.to ?? '(nobody bound)'}: ${record.text}${record.detail ? `  (${record.detail})` : ''}`);
        }
      }
    } catch {
      // The table is going away with the stack, or not ready yet: the next round tries again.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), options.everyMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
