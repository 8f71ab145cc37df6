/**
 * The local meter simulator (see README.md beside this file): simulated
 * DL/T 645 electricity and CJ/T 188 water meters behind CTWing and OneNET.
 */
export { SIMULATOR_DEFAULTS, startSimulator } from './simulator';
export type { MeterStateView, SimMeter, Simulator, SimulatorOptions, SimulatorStateView } from './types';
