import assert from 'node:assert/strict';
import { AppError } from '../../core/errors.js';

/** The refusal `work` ends in (an AppError), failing the test when it succeeds or throws something else. */
export async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}
