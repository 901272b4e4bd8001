/** Any HTTP endpoint: the method and body the user gave, the reply read but not parsed. */
import type { RunConfig } from '../config';
import type { Protocol, RequestSpec } from './protocol';

export function rawHttp(target: RunConfig['target']): Protocol {
  const hasBody = target.body !== undefined && target.method !== 'GET' && target.method !== 'HEAD';
  const spec: RequestSpec = {
    method: target.method,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? target.body : undefined,
  };
  return { streaming: false, expectsJson: false, buildRequest: () => spec };
}
