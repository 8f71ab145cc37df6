import { callRoute } from '../../api/route-client';

/** The statistics of a span (in the charts subpackage: only it draws them). */
export function getStatistics(query: { from: string; to: string; grain: 'day' | 'month' | 'year'; buildingId?: string }) {
  return callRoute('GET /v1/admin/statistics', { query });
}
