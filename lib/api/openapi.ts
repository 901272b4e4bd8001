/**
 * The JSON API as an OpenAPI 3.1 document (`GET /api/openapi.json`), generated from the zod
 * schemas the routes parse with (zod's own JSON Schema output), so the document cannot drift
 * from what the server accepts.
 */
import { z } from 'zod';
import { benchmarkRunBodySchema } from '../benchmarks/api';
import { launchFieldsSchema } from '../runs/launch-fields';
import { MAX_WAIT_S } from '../runs/verdict';
import { IMPORT_MAX_BYTES } from '../imports';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

/**
 * POST /api/runs takes the New run form's fields; numbers and booleans are accepted for the
 * free-text ones and read as the form would read them (true: ticked).
 */
function runFieldsSchema(): JsonSchema {
  const form = schemaOf(launchFieldsSchema) as { properties: Record<string, JsonSchema>; required?: string[] };
  const properties = Object.fromEntries(
    Object.entries(form.properties).map(([name, property]) => [name, property.type === 'string' && !property.enum && !property.format ? { ...property, type: ['string', 'number', 'boolean'] } : property]),
  );
  return { type: 'object', properties, required: ['targetId'], additionalProperties: true, description: "The New run form's fields (README, \"JSON API\"); anything not given takes the form's default." };
}

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };
const verdict = {
  type: 'object',
  properties: {
    done: { type: 'boolean' },
    passed: { type: ['boolean', 'null'], description: 'Every run completed, every threshold held, and no benchmark run is a regression (null until done)' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] },
          statusReason: { type: ['string', 'null'] },
          thresholdsPassed: { type: ['boolean', 'null'] },
          thresholds: { type: 'array', items: { type: 'object', properties: { expression: { type: 'string' }, passed: { type: 'boolean' }, actual: { type: ['number', 'null'] } } } },
          regression: { type: ['object', 'null'], properties: { verdict: { type: 'string', enum: ['regression', 'improvement', 'unchanged', 'insufficient'] }, summary: { type: 'string' } } },
        },
      },
    },
  },
};
const started = { type: 'object', properties: { runIds: { type: 'array', items: { type: 'string' } }, sweepId: { type: 'string' }, experimentId: { type: 'string' }, benchmarkId: { type: 'string' }, url: { type: 'string' } }, required: ['runIds', 'url'] };
const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });
const problems = {
  '400': json(error, 'A mistake in the request, in words'),
  '401': json(error, 'No valid API token or session'),
  '403': json(error, 'The token\'s role may not do this (or a cross-site request)'),
  '503': json(error, 'The database does not answer; retry after the Retry-After seconds'),
};
const runId = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[\\w-]{1,16}$' }, description: 'A run id' };
const wait = { name: 'wait', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_WAIT_S }, description: `Wait up to this many seconds for the verdict (1: the longest, ${MAX_WAIT_S} s)` };
const format = { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } };
/** Runs and comparisons also export as a one-file HTML report that opens offline. */
const reportFormat = { ...format, schema: { type: 'string', enum: ['json', 'csv', 'html'], default: 'json' } };

/** What starting something with ?wait answers: 201 without a wait, 200 with the verdict, 202 to poll it. */
function startedResponses(verdict: string) {
  const startedAndVerdict = { allOf: [{ $ref: '#/components/schemas/Started' }, { $ref: '#/components/schemas/Verdict' }] };
  return {
    '201': json({ $ref: '#/components/schemas/Started' }, 'Started (no wait)'),
    '200': json(startedAndVerdict, `Finished within the wait: ${verdict}`),
    '202': json(startedAndVerdict, 'Still going at the end of the wait: poll GET /api/runs/{id}/verdict'),
  };
}

export function openApiDocument(serverUrl = 'http://localhost:3000'): JsonSchema {
  return {
    openapi: '3.1.0',
    info: { title: 'Gateway Bench API', version: '1', description: 'Start runs and benchmarks, read their verdicts, results and exports. Authenticate with an API token (Account → API tokens): `authorization: Bearer gb_…`.' },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token; it acts with its user\'s role (starting runs needs operator)' } },
      schemas: { RunFields: runFieldsSchema(), BenchmarkRunBody: schemaOf(benchmarkRunBodySchema), Verdict: verdict, Started: started, Error: error },
    },
    paths: {
      '/api/runs': {
        post: {
          summary: 'Start a run (or a sweep or an experiment) from the New run form\'s fields',
          parameters: [wait],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RunFields' } } } },
          responses: {
            ...startedResponses('the verdict'),
            '413': json(error, 'The body is over 64 KB'),
            '422': json({ type: 'object', properties: { error: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } } }, 'Invalid fields, each with its error'),
            ...problems,
          },
        },
      },
      '/api/runs/{id}/verdict': { get: { summary: 'Whether a run is done and passed', parameters: [runId], responses: { '200': json({ $ref: '#/components/schemas/Verdict' }, 'The verdict'), '404': json(error, 'No such run'), ...problems } } },
      '/api/runs/{id}/live': {
        get: {
          summary: 'A run\'s status and its per-second points after a second',
          parameters: [runId, { name: 'after', in: 'query', required: false, schema: { type: 'integer' }, description: 'Only seconds after this one (-1: from the first measured second)' }],
          responses: { '200': json({ type: 'object' }, 'Status and points'), '404': json(error, 'No such run'), ...problems },
        },
      },
      '/api/runs/{id}/export': { get: { summary: 'A run\'s results as JSON, CSV or a self-contained HTML report', parameters: [runId, reportFormat], responses: { '200': { description: 'The export (a download)', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } } }, '404': json(error, 'No such run'), ...problems } } },
      '/api/runs/{id}/cancel': { post: { summary: 'Cancel a run (its results so far are kept)', parameters: [runId], responses: { '200': json({ type: 'object' }, 'Cancelled'), '404': json(error, 'No such run going'), ...problems } } },
      '/api/benchmarks/{id}/runs': {
        post: {
          summary: 'Run a saved benchmark (by id or name), labelled with the version under test',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The benchmark\'s id or its name (URL-encoded)' }, wait],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/BenchmarkRunBody' } } } },
          responses: {
            ...startedResponses('the verdict, a regression included'),
            '404': json(error, 'No benchmark with that id or name'),
            '422': json(error, 'The benchmark could not start (its target, the server\'s limits), in words'),
            ...problems,
          },
        },
      },
      '/api/imports': {
        post: {
          summary: 'Import another tool\'s results into history (Locust --csv files, k6 summary or JSON lines, vLLM benchmark_serving, GuideLLM): one run per result',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['files'],
                  properties: {
                    files: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'Locust\'s --csv files together, or one k6, vLLM or GuideLLM file' },
                    targetName: { type: 'string', maxLength: 120 },
                    gatewayName: { type: 'string', maxLength: 100 },
                    gatewayVersion: { type: 'string', maxLength: 100 },
                    instanceCount: { type: 'string', description: 'A whole number from 1 to 10000' },
                    tags: { type: 'string', description: 'Comma-separated' },
                  },
                },
              },
            },
          },
          responses: {
            '201': json({ type: 'object', required: ['runIds', 'importedFrom', 'urls'], properties: { runIds: { type: 'array', items: { type: 'string' } }, importedFrom: { type: 'string' }, urls: { type: 'array', items: { type: 'string' } } } }, 'Imported'),
            '413': json(error, `The files are over ${IMPORT_MAX_BYTES / 2 ** 20} MB together`),
            '415': json(error, 'Not multipart/form-data'),
            '422': json({ type: 'object', properties: { error: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } } }, 'A file this app cannot read, or an invalid label: nothing was written'),
            ...problems,
          },
        },
      },
      '/api/compare/export': {
        get: {
          summary: 'A comparison of runs as JSON, CSV or a self-contained HTML report',
          parameters: [{ name: 'runs', in: 'query', required: true, schema: { type: 'string' }, description: 'Run ids, comma-separated' }, { name: 'baseline', in: 'query', required: false, schema: { type: 'string' } }, reportFormat],
          responses: { '200': { description: 'The export' }, ...problems },
        },
      },
      '/api/experiments/{id}/export': { get: { summary: 'An experiment\'s result as JSON, CSV or a self-contained HTML report', parameters: [{ ...runId, description: 'An experiment id' }, reportFormat], responses: { '200': { description: 'The export' }, '404': json(error, 'No such experiment'), ...problems } } },
      '/api/health': { get: { summary: 'Whether the app and its database answer', security: [], responses: { '200': json({ type: 'object' }, 'Up'), '503': json({ type: 'object' }, 'The database does not answer') } } },
      '/metrics': { get: { summary: 'Prometheus metrics (text format): live runs and the app\'s health', responses: { '200': { description: 'The exposition', content: { 'text/plain': { schema: { type: 'string' } } } }, '401': json(error, 'No token (unless METRICS_PUBLIC=1)') } } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') } } },
    },
  };
}
