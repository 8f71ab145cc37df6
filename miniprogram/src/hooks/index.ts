export { useMeter } from './use-meter';
export { useMyMeters } from './use-my-meters';
export { useRecharge, type RechargeControl } from './use-recharge';
export { useRemote, type RemoteState } from './use-remote';
export { useRemotePages, type RemotePages } from './use-remote-pages';
export { useSession } from './use-session';
