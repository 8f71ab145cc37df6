export { queryClient, wireQueryEvents } from './query-client';
export { queryKeys } from './query-keys';
