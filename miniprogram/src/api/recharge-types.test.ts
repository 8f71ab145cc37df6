import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type { RechargeResponse, RechargeStatus } from '@prepaid/shared';
import type { RechargeOrder, RechargeView } from './recharge-types';

// Compile-time only (checked by `tsc`): the local shapes must not drift from the API schemas.
describe('recharge types', () => {
  it('match the shared schemas', () => {
    expectTypeOf<RechargeOrder>().toEqualTypeOf<z.infer<typeof RechargeResponse>>();
    expectTypeOf<RechargeView>().toEqualTypeOf<z.infer<typeof RechargeStatus>>();
  });
});
