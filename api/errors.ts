// One error hierarchy; the handler in plugins/errors.ts turns it into the contract's body.
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'your role may not do this') => new AppError(403, 'FORBIDDEN', message);
export const unauthorized = (message = 'missing or invalid bearer token') => new AppError(401, 'UNAUTHORIZED', message);
export const invalidTransition = (message: string, details: unknown) => new AppError(409, 'INVALID_TRANSITION', message, details);
export const unprocessable = (field: string, rule: string, message: string) => new AppError(422, 'VALIDATION_FAILED', message, [{ field, rule, message }]);
export const badRequest = (message: string, details?: unknown) => new AppError(400, 'BAD_REQUEST', message, details);
export const unavailable = (message: string) => new AppError(503, 'SERVICE_UNAVAILABLE', message);
