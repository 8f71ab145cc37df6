/** Modbus-RTU: read frames (CRC-16/MODBUS) and register maps per meter model, decoded to a reading in Wh. */
export { decodeModbusReadAnswer, encodeModbusReadAnswer, encodeModbusReadRequest, modbusCrc, type ModbusReadAnswer, type ModbusReadFunction } from './frame';
export {
  decodeModbusField,
  encodeModbusRegisters,
  ModbusField,
  ModbusRegisterMap,
  readingFromModbusAnswer,
  readingFromModbusRegisters,
} from './register-map';
export { MODBUS_MODEL_IDS, MODBUS_MODELS, modbusMapOf, type ModbusModel } from './models';
