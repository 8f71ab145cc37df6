export { LoadingView, type LoadingViewProps } from './loading-view';
