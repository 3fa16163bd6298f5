import { AppError } from '../../common/errors/app-error';

/** A 400 naming the input field at `path`, shaped like the validation pipe's. */
export const invalidInput = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid input: ${path}: ${message}`, [
    { path, message, code: 'custom' },
  ]);

/** 409: the range has no free address left (named, as API callers see it). */
export const rangeExhausted = (range: { id: string; name: string; cidr: string }) =>
  new AppError(
    'IPAM_RANGE_EXHAUSTED',
    `Range "${range.name}" (${range.cidr}) has no free address left`,
    {
      rangeId: range.id,
      rangeName: range.name,
    },
  );

/** 409: the chosen address is allocated, reserved or held already. */
export const addressTaken = (range: { name: string }, address: string, status: string | null) =>
  new AppError(
    'IPAM_ADDRESS_TAKEN',
    `${address} is already ${status ?? 'taken'} in range "${range.name}"`,
    {
      address,
      status,
    },
  );
