/** Meter reports: a platform's uplink payload decoded with the meter's protocol. */
export { decodeMeterPayload, framesByAddress, meterPointKey, splitFrames, type MeterReport } from './decode-payload';
