export { useMyMeters } from './use-my-meters';
export { useRemote, type RemoteState } from './use-remote';
export { useSession } from './use-session';
