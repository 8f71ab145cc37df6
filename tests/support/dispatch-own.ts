import { dispatchDueCommands } from '../../functions/src/services/supply-control';

/**
 * The scheduled dispatcher, for one test's meter only: the table is shared
 * with other files, whose commands are not this clock's to send or expire.
 * The due queue is read well past this meter's place in it (the filter comes
 * after the limit), so a busy table does not hide its command.
 */
export const dispatchOwn = (deps: Parameters<typeof dispatchDueCommands>[0], meterId: string): Promise<number> =>
  dispatchDueCommands(deps, { limit: 10_000, only: (command) => command.meterId === meterId });
