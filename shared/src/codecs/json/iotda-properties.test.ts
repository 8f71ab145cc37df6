import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec-error';
import { mapIotdaProperties, parseIotdaEventTime } from '.';

describe('mapIotdaProperties', () => {
  it('maps an electricity service in kWh to whole Wh with the event time', () => {
    // Prepare
    const services = [
      { service_id: 'Meter', properties: { totalEnergy: 1234.56, voltage: 220.1, current: 5.25 }, event_time: '20261121T080000Z' },
    ];
    // Act
    const reading = mapIotdaProperties(services);
    // Assess
    expect(reading).toEqual({
      utility: 'electricity',
      totalBaseUnits: 1_234_560,
      at: new Date('2026-11-21T08:00:00Z'),
      voltageDecivolts: 2201,
      currentMilliamps: 5250,
    });
  });

  it('maps a water service in m³ to whole litres, with valve and battery status', () => {
    const services = [
      { service_id: 'Signal', properties: { rsrp: -90 } },
      { service_id: 'water', properties: { totalFlow: 12.34, valveState: 'CLOSED', batteryLow: true } },
    ];
    expect(mapIotdaProperties(services)).toEqual({
      utility: 'water',
      totalBaseUnits: 12_340,
      status: { valve: 'closed', batteryLow: true },
    });
  });

  it('accepts totals already in base units, and both spellings when they agree', () => {
    expect(mapIotdaProperties([{ service_id: 'electricity', properties: { energyWh: 1_234_560 } }]).totalBaseUnits).toBe(1_234_560);
    expect(mapIotdaProperties([{ service_id: 'METER', properties: { volumeL: '12340', totalFlow: '12.340' } }])).toEqual({
      utility: 'water',
      totalBaseUnits: 12_340,
    });
  });

  it('ignores meter services that carry no total, and other properties', () => {
    const services = [
      { service_id: 'Meter', properties: { valveState: 'open' } },
      { service_id: 'Meter', properties: { totalEnergy: '0.5', firmware: '1.2' } },
    ];
    expect(mapIotdaProperties(services)).toEqual({ utility: 'electricity', totalBaseUnits: 500 });
  });

  it.each([
    ['not an array', { services: [] }, 'invalid_payload'],
    ['a service without an id', [{ properties: { totalEnergy: 1 } }], 'invalid_payload'],
    ['properties that are not an object', [{ service_id: 'Meter', properties: 5 }], 'invalid_payload'],
    ['a total that is a boolean', [{ service_id: 'Meter', properties: { totalEnergy: true } }], 'invalid_payload'],
    ['kWh with 4 decimals', [{ service_id: 'Meter', properties: { totalEnergy: 1234.5678 } }], 'invalid_payload'],
    ['a fraction of a litre', [{ service_id: 'Meter', properties: { volumeL: 12340.5 } }], 'invalid_payload'],
    ['a negative total', [{ service_id: 'Meter', properties: { totalFlow: -1 } }], 'invalid_payload'],
    ['an unknown valve state', [{ service_id: 'water', properties: { totalFlow: 1, valveState: 'ajar' } }], 'invalid_payload'],
    ['water in an electricity service', [{ service_id: 'electricity', properties: { totalFlow: 1 } }], 'invalid_payload'],
    ['both utilities in one service', [{ service_id: 'Meter', properties: { totalFlow: 1, totalEnergy: 1 } }], 'invalid_payload'],
    ['two services with totals', [{ service_id: 'Meter', properties: { totalFlow: 1 } }, { service_id: 'water', properties: { totalFlow: 1 } }], 'invalid_payload'],
    ['an event time in ISO format', [{ service_id: 'Meter', properties: { totalEnergy: 1 }, event_time: '2026-11-21T08:00:00Z' }], 'invalid_payload'],
    ['two spellings that disagree', [{ service_id: 'Meter', properties: { totalEnergy: 1.23, energyWh: 1231 } }], 'inconsistent'],
    ['no meter service', [{ service_id: 'Signal', properties: { totalEnergy: 1 } }], 'incomplete'],
    ['no total at all', [{ service_id: 'Meter', properties: { batteryLow: false } }], 'incomplete'],
    ['an empty list', [], 'incomplete'],
  ])('refuses %s', (_name, services, reason) => {
    expect(() => mapIotdaProperties(services)).toThrow(expect.objectContaining({ reason, code: `codec.${reason}` }));
  });

  it('throws only CodecError for any JSON', () => {
    const meterish = fc.record({
      service_id: fc.constantFrom('Meter', 'water', 'electricity', 'x'),
      properties: fc.dictionary(fc.constantFrom('totalEnergy', 'energyWh', 'totalFlow', 'volumeL', 'valveState', 'batteryLow', 'voltage', 'current'), fc.jsonValue()),
      event_time: fc.oneof(fc.constant('20261121T080000Z'), fc.string()),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.array(meterish, { maxLength: 3 }), fc.anything()), (services) => {
        try {
          mapIotdaProperties(services);
        } catch (error) {
          expect(error).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseIotdaEventTime', () => {
  it('reads yyyyMMddTHHmmssZ as UTC', () => {
    expect(parseIotdaEventTime('20240229T235959Z').toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });

  it.each(['20230229T000000Z', '20261121T240000Z', '20261121T080000', '2026112T080000Z', 20261121])('refuses %s', (text) => {
    expect(() => parseIotdaEventTime(text)).toThrow(expect.objectContaining({ reason: 'invalid_payload' }));
  });
});
