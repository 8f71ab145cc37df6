export { ApiError, NETWORK_ERROR_CODE, asApiError, toApiError, toNetworkError } from './api-error';
export { DEFAULT_WEAPP_API_BASE, resolveApiBase } from './base-url';
export { requestJson, setBearerToken, type HttpMethod, type RequestOptions } from './client';
export { getHealth, getMe, listMyMeters, login } from './endpoints';
