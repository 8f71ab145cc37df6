/** What an IoT platform push means, whatever platform sent it. */
export type IotEvent =
  | {
      readonly type: 'uplink';
      readonly deviceId: string;
      readonly imei?: string;
      /** When the platform received it (the reading time unless the meter stamps its own). */
      readonly at: Date;
      readonly payload: { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'properties'; readonly services: unknown };
    }
  | { readonly type: 'presence'; readonly deviceId: string; readonly imei?: string; readonly online: boolean; readonly at: Date }
  | { readonly type: 'command_result'; readonly deviceId?: string; readonly taskId: string; readonly outcome: 'delivered' | 'succeeded' | 'failed'; readonly detail: string }
  | { readonly type: 'ignored'; readonly reason: string; readonly deviceId?: string };

export type Platform = 'ctwing' | 'onenet' | 'iotda';
