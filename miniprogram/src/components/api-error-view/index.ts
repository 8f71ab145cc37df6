export { ApiErrorView, type ApiErrorViewProps } from './api-error-view';
export { firstError, type MaybeFailed } from './first-error';
