/** The body of POST /api/benchmarks/<id or name>/runs (the route and the OpenAPI document share it). */
import { z } from 'zod';
import { cleanText } from '../form-state';

export const benchmarkRunBodySchema = z
  .object({
    gatewayVersion: z.string().trim().max(100, 'gatewayVersion is at most 100 characters').transform(cleanText).optional().describe('The version under test, labelling the run (e.g. "1.80.0")'),
    tags: z.array(z.string().transform(cleanText)).max(20, 'at most 20 tags').optional().describe('Tags added to the run'),
  })
  .strict();
