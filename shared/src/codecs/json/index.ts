/** JSON property payloads: Huawei IoTDA `device.property` pushes mapped to readings. */
export { scaleDecimalQuantity } from './decimal';
export { parseIotdaEventTime } from './event-time';
export { IOTDA_METER_SERVICE_IDS, IotdaMeterProperties, IotdaService, IotdaServices } from './iotda-schema';
export { mapIotdaProperties } from './iotda-properties';
