import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

/** Error responses every authenticated route may give. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  413: errorSchema,
  422: errorSchema,
  429: errorSchema,
  503: errorSchema,
};

export const isoDateTime = z.iso.datetime({ offset: true });
export const idParam = z.object({ id: z.uuid() });
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Text that is valid Unicode (no lone surrogates): what gRPC and Postgres can carry. */
export const wellFormedText = (max: number) =>
  z.string().max(max).refine((s) => (s as string & { isWellFormed(): boolean }).isWellFormed(), 'well-formed Unicode text');
