import { describe, expect, it } from 'vitest';
import { parseCtwingPush } from './ctwing';
import { parseIotdaPush, parseIotdaTime } from './iotda';
import { onenetSignature, parseOnenetMsg, rawMsgOf, topLevelMembers } from './onenet';

describe('CTWing pushes', () => {
  it('turns a dataReport with base64 APPdata into the frame bytes', () => {
    const event = parseCtwingPush({ messageType: 'dataReport', deviceId: 'd1', IMEI: '860000000000001', timestamp: 1_763_683_200_000, payload: { APPdata: 'aBY=' } });
    expect(event).toMatchObject({ type: 'uplink', deviceId: 'd1', imei: '860000000000001', payload: { kind: 'bytes', bytes: Uint8Array.of(0x68, 0x16) } });
  });

  it('maps online/offline reports and command responses, and ignores other messages', () => {
    expect(parseCtwingPush({ messageType: 'deviceOnlineOfflineReport', deviceId: 'd1', timestamp: 1, eventType: 0 })).toMatchObject({ type: 'presence', online: false });
    expect(parseCtwingPush({ messageType: 'commandResponse', deviceId: 'd1', taskId: 42, result: { resultCode: 'SUCCESSFUL' } })).toEqual({
      type: 'command_result', deviceId: 'd1', taskId: '42', outcome: 'succeeded', detail: 'SUCCESSFUL',
    });
    expect(parseCtwingPush({ messageType: 'commandResponse', taskId: 1, result: { resultCode: 'SENT' } }).type).toBe('ignored');
    expect(parseCtwingPush({ messageType: 'eventReport' }).type).toBe('ignored');
  });

  it('rejects a dataReport without a device, time or valid base64', () => {
    expect(() => parseCtwingPush({ messageType: 'dataReport', timestamp: 1, payload: { APPdata: 'aBY=' } })).toThrow();
    expect(() => parseCtwingPush({ messageType: 'dataReport', deviceId: 'd', payload: { APPdata: 'aBY=' } })).toThrow();
    expect(() => parseCtwingPush({ messageType: 'dataReport', deviceId: 'd', timestamp: 1, payload: { APPdata: '!!' } })).toThrow();
  });
});

describe('OneNET pushes', () => {
  it('verifies the signature over the msg text exactly as received, object or string', () => {
    const msgText = '{"type":1, "dev_id":7,"at":1763683200000,"value":"6816"}';
    const asObject = `{"msg":${msgText},"msg_signature":"x","nonce":"abc"}`;
    expect(rawMsgOf(asObject).msg).toBe(msgText);
    const asString = JSON.stringify({ msg: msgText, msg_signature: 'x', nonce: 'abc' });
    expect(rawMsgOf(asString).msg).toBe(msgText);
    expect(onenetSignature('tok', 'abc', msgText)).not.toBe(onenetSignature('tok', 'abc', JSON.stringify(JSON.parse(msgText))));
  });

  it('uses exactly the bytes it verifies: a repeated top-level key is refused, and an object msg is parsed from its own slice', () => {
    const signed = '{"type":1,"dev_id":7,"at":1,"value":"6816"}';
    const forged = '{"type":1,"dev_id":7,"at":1,"value":"6817"}';
    expect(() => rawMsgOf(`{"msg":${signed},"msg":${forged},"msg_signature":"x","nonce":"a"}`)).toThrow(/twice/);
    expect(() => rawMsgOf(`{"msg":${JSON.stringify(signed)},"msg_signature":"x","msg":${forged},"nonce":"a"}`)).toThrow(/twice/);
    expect(() => rawMsgOf(`{"msg":${signed},"msg_signature":"x","nonce":"a","nonce":"b"}`)).toThrow(/twice/);
    // A "msg": inside a string or a nested object is not the top-level msg.
    const decoy = `{"nonce":"\\"msg\\":{}","x":{"msg":{"type":2}},"msg":${signed},"msg_signature":"x"}`;
    expect(rawMsgOf(decoy)).toMatchObject({ msg: signed, parsed: JSON.parse(signed), nonce: '"msg":{}' });
  });

  it('finds the raw text of each top-level member and refuses what is not one JSON object', () => {
    const members = topLevelMembers(' { "a" : [1, {"b":"}"}] , "c":"x\\"y", "d": -1.5e3, "e":null}');
    expect(Object.fromEntries(members)).toEqual({ a: '[1, {"b":"}"}]', c: '"x\\"y"', d: '-1.5e3', e: 'null' });
    for (const bad of ['[]', '{"a":1', '{"a" 1}', '{"a":}', '{"a":"x}', '{"a":{"b":1}']) expect(() => topLevelMembers(bad), bad).toThrow(SyntaxError);
  });

  it('reads a hex frame from a type-1 data point, presence from type 2 and a command result from type 7', () => {
    expect(parseOnenetMsg({ type: 1, dev_id: 7, at: 1, value: '6816' })).toMatchObject({ type: 'uplink', deviceId: '7', payload: { kind: 'bytes', bytes: Uint8Array.of(0x68, 0x16) } });
    expect(parseOnenetMsg({ type: 2, dev_id: 7, at: 1, status: 1 })).toMatchObject({ type: 'presence', online: true });
    expect(parseOnenetMsg({ type: 7, dev_id: 7, cmd_id: 'c9', confirm_status: 0 })).toMatchObject({ type: 'command_result', taskId: 'c9', outcome: 'succeeded' });
    expect(parseOnenetMsg({ type: 7, cmd_id: 'c9', confirm_status: 3 })).toMatchObject({ outcome: 'failed' });
  });
});

describe('IoTDA pushes', () => {
  it('reads event_time, properties, binary messages and command states', () => {
    expect(parseIotdaTime('20261121T080000Z', new Date(0)).toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(parseIotdaTime('garbage', new Date(0)).getTime()).toBe(0);
    const header = { device_id: 'hw-1', node_id: '860000000000002' };
    expect(parseIotdaPush({ resource: 'device.property', event_time: '20261121T080000Z', notify_data: { header, body: { services: [] } } }, new Date())).toMatchObject({
      type: 'uplink', deviceId: 'hw-1', imei: '860000000000002', payload: { kind: 'properties' },
    });
    expect(parseIotdaPush({ resource: 'device.message', notify_data: { header, body: { content: 'aBY=' } } }, new Date())).toMatchObject({ payload: { kind: 'bytes' } });
    expect(parseIotdaPush({ resource: 'device.command.status', notify_data: { body: { command_id: 'k', status: 'SUCCESSFUL' } } }, new Date())).toMatchObject({ type: 'command_result', outcome: 'succeeded' });
  });
});
