/** Remote parameters of meter-side meters: what may be set, what the meter reports, and how the two compare. */
export { CLOCK_TOLERANCE_MS, MeterParameters, parameterDifferences, ParametersView, paramsMismatchFinding, ReportedParameters, SetParametersRequest } from './params';
