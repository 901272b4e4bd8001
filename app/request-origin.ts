/** The origin the browser used to reach this request, for absolute links (OpenGraph images). */
import { headers } from 'next/headers';

export async function requestOrigin(): Promise<URL> {
  const list = await headers();
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost:3000';
  const proto = list.get('x-forwarded-proto') ?? 'http';
  return new URL(`${proto}://${host}`);
}
