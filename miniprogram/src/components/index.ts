export { ApiErrorView, firstError, type ApiErrorViewProps, type MaybeFailed } from './api-error-view';
export { MeterCard, type MeterCardProps } from './meter-card';
export { LoadingView, type LoadingViewProps } from './loading-view';
export { PageShell, type PageShellProps } from './page-shell';
export { RemoteView, type RemoteViewProps } from './remote-view';
export { SessionNotice, type SessionNoticeProps } from './session-notice';
export { TABS, TabBar, visibleTabs, type Tab, type TabBarProps, type TabKey } from './tab-bar';
