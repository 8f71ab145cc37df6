/** Meter reports: a platform's uplink payload decoded with the meter's protocol. */
export { decodeMeterPayload, splitFrames, type MeterReport } from './decode-payload';
