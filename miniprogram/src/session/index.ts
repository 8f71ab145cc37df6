export { DEFAULT_DEMO_OPENID, isValidDemoOpenid, readOpenidFromLocation, resolveDemoOpenid } from './demo-openid';
export {
  canManage,
  ensureSession,
  getSessionState,
  rolesOf,
  signIn,
  signOut,
  subscribeSession,
  switchDemoUser,
  updateMe,
  type SessionState,
} from './session-store';
