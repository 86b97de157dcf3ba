// The digest's failure type: what the delivery port throws and the run sorts on.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/digest/digest-ports.ts';

describe('DeliveryError', () => {
  it('carries its kind and a message with any token blanked', () => {
    const error = new DeliveryError('global', 'refused xoxb-1234-5678-abcdefghijkl: invalid_auth');
    expect(error.kind).toBe('global');
    expect(error.message).not.toContain('xoxb-1234');
    expect(error.message).toContain('invalid_auth');
    expect(error).toBeInstanceOf(Error);
  });
});
