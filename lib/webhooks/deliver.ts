/**
 * Sends one delivery (a queue job; lib/jobs/queue.ts retries it with backoff when this throws).
 * The address is checked against the egress allowlist at every attempt (DNS may have moved),
 * redirects are not followed (they could lead off the allowlist), and every attempt's outcome is
 * written to the delivery log.
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { webhookBody, type WebhookEvent } from './events';
import { webhookForDelivery, webhookHostAllowed } from './store';

const TIMEOUT_MS = 10_000;

export class DeliveryFailed extends Error {}

export async function deliverWebhook(job: { deliveryId: string; attempt: number; lastAttempt: boolean }): Promise<void> {
  const delivery = await webhookForDelivery(job.deliveryId);
  if (!delivery) return; // the webhook was deleted: nothing to send
  const prisma = getPrisma();
  const record = (outcome: { status: 'delivered' | 'pending' | 'failed'; responseStatus?: number | null; error?: string | null }) =>
    prisma.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: outcome.status, responseStatus: outcome.responseStatus ?? null, error: outcome.error ?? null, attempts: job.attempt, lastAttemptAt: new Date() },
    });
  const fail = async (error: string, responseStatus?: number) => {
    const last = job.lastAttempt;
    await record({ status: last ? 'failed' : 'pending', responseStatus, error: last ? `${error} (gave up after ${job.attempt} attempts)` : `${error} (will retry)` });
    throw new DeliveryFailed(error);
  };
  const allowed = await webhookHostAllowed(delivery.url);
  if (!allowed.ok) {
    // Not a passing fault: no retry will change the allowlist.
    await record({ status: 'failed', error: allowed.reason });
    return;
  }
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'gateway-bench-webhook/1', 'x-gateway-bench-event': delivery.event },
      body: JSON.stringify(webhookBody(delivery.webhook.format, delivery.payload as unknown as WebhookEvent)),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return fail(error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not connect: ${cause}`);
  }
  if (response.status >= 200 && response.status < 300) {
    await record({ status: 'delivered', responseStatus: response.status });
    return;
  }
  const why = response.status >= 300 && response.status < 400 ? `answered ${response.status} (a redirect, which is not followed)` : `answered HTTP ${response.status}`;
  return fail(why, response.status);
}
