/** The OpenAPI document is valid OpenAPI 3.1, and every curl example in the README is a documented call with a valid body. */
import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>; components: { schemas: Record<string, unknown> } };

/** The README's curl commands, continuation lines joined. */
function curlExamples(readme: string): string[] {
  const joined = readme.replace(/\\\n\s*/g, ' ');
  return joined.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('curl '));
}

function call(command: string): { method: string; path: string; body?: unknown } {
  const method = /-X (\w+)/.exec(command)?.[1] ?? 'GET';
  const url = /(?:localhost:3000|\$BENCH_URL|"\$BENCH_URL)(\/[^\s"?']*)/.exec(command);
  if (!url) throw new Error(`no API path in: ${command}`);
  // A placeholder in a body (<id>) stands for a real id: a target's is a UUID.
  const body = /-d '([^']*)'/.exec(command)?.[1]?.replaceAll('<id>', '0b7f2c1e-8d3a-4f5b-9c6d-1e2f3a4b5c6d');
  return { method: method.toLowerCase(), path: url[1], body: body === undefined ? undefined : JSON.parse(body) };
}

/** The documented path a concrete path matches ({id} matches one segment). */
function documented(doc: Doc, path: string): string | undefined {
  return Object.keys(doc.paths).find((template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`).test(path));
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as unknown as Doc;

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes the run fields from the same schema the route parses', () => {
    const fields = doc.components.schemas.RunFields as { properties: Record<string, { enum?: string[] }> };
    expect(Object.keys(fields.properties)).toEqual(expect.arrayContaining(['targetId', 'users', 'duration', 'thresholds', 'workers', 'gatewayVersion']));
    expect(fields.properties.loadModel.enum).toEqual(['closed', 'open']);
  });

  it('documents every curl example in the README, and each body is valid for it', () => {
    const examples = curlExamples(fs.readFileSync('README.md', 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    for (const example of examples) {
      const { method, path, body } = call(example);
      const template = documented(doc, path.replace(/<id>/g, 'AbCdEf1234'));
      expect(template, `README example not in the OpenAPI document: ${example}`).toBeDefined();
      const operation = doc.paths[template!][method];
      expect(operation, `${method.toUpperCase()} ${template} is not documented (README: ${example})`).toBeDefined();
      // A multipart upload (-F name=…): documented as multipart/form-data with each field named.
      const formFields = [...example.matchAll(/-F (\w+)=/g)].map((m) => m[1]);
      if (formFields.length) {
        const schema = operation.requestBody?.content['multipart/form-data']?.schema as { properties: Record<string, unknown> } | undefined;
        expect(schema, `${example}: not documented as multipart/form-data`).toBeDefined();
        for (const field of formFields) expect(Object.keys(schema!.properties), `${example}: -F ${field}`).toContain(field);
      }
      if (body !== undefined) {
        const schema = JSON.parse(JSON.stringify(operation.requestBody!.content['application/json'].schema).replaceAll('"#/components', '"doc#/components'));
        const validate = ajv.compile(schema);
        expect(validate(body), `${example}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it('would catch an example the API does not take', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/BenchmarkRunBody' });
    expect(validate({ gatewayVersion: '1.80.0' })).toBe(true);
    expect(validate({ version: '1.80.0' })).toBe(false);
    expect(documented(doc, '/api/nothing')).toBeUndefined();
  });
});
