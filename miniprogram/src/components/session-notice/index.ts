export { SessionNotice, type SessionNoticeProps } from './session-notice';
