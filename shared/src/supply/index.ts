/** Supply: the rule that says what a meter's supply should be and which command is missing to get it there. */
export { desiredSupply, missingSupplyCommand, type SupplyAction, type SupplyFacts, type SupplyState } from './rule';
export { expectedDelivery } from './eta';
