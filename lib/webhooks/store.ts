/**
 * Webhooks: saved by admins (the URL encrypted like a target's key, since a Slack URL is a
 * credential; only its host is shown again), to hosts the egress allowlist allows. An event
 * becomes one WebhookDelivery row per subscribed webhook and one queue job each
 * (lib/jobs/queue.ts), which lib/webhooks/deliver.ts sends, retried with backoff.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { egressPolicy } from '../egress/admin-hosts';
import { checkEgress } from '../egress/allowlist';
import { findJobQueue } from '../jobs/queue';
import { jsonColumn } from '../runs/stored';
import { decryptSecret, encryptSecret } from '../secrets/cipher';
import { currentKeys } from '../secrets/keys';
import { WEBHOOK_EVENT_NAMES, type WebhookEvent } from './events';

export const webhookFormSchema = z.object({
  name: z.string({ error: 'give the webhook a name' }).trim().min(1, 'give the webhook a name').max(120, 'a name is at most 120 characters'),
  url: z
    .url({ protocol: /^https?$/, error: 'enter the webhook\'s http:// or https:// URL' })
    .max(2048, 'a URL is at most 2,048 characters'),
  format: z.enum(['slack', 'json'], { error: 'choose Slack or JSON' }),
  events: z
    .array(z.enum(WEBHOOK_EVENT_NAMES as [string, ...string[]]), { error: 'tick at least one event' })
    .min(1, 'tick at least one event'),
});

/** Whether a webhook URL may be sent to: the egress allowlist targets use, in a webhook's words. */
export async function webhookHostAllowed(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const allowed = await checkEgress(url, await egressPolicy());
  return allowed.ok ? { ok: true } : { ok: false, reason: allowed.reason.replace('is not an allowed target', 'is not an allowed host') };
}

export async function createWebhook(input: unknown, createdById: string | null): Promise<{ ok: true; id: string } | { ok: false; errors: Record<string, string> }> {
  const parsed = webhookFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])) };
  const allowed = await webhookHostAllowed(parsed.data.url);
  if (!allowed.ok) return { ok: false, errors: { url: allowed.reason } };
  const created = await getPrisma().webhook.create({
    data: { name: parsed.data.name, url: encryptSecret(parsed.data.url, currentKeys().current), host: new URL(parsed.data.url).host, format: parsed.data.format, events: parsed.data.events, createdById },
    select: { id: true },
  });
  return { ok: true, id: created.id };
}

export async function deleteWebhook(id: string): Promise<boolean> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return false;
  return (await getPrisma().webhook.deleteMany({ where: { id: parsed.data } })).count > 0;
}

/** For the Settings page: never the URL, only its host. */
export function listWebhooks() {
  return getPrisma().webhook.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true, host: true, format: true, events: true, createdAt: true } });
}

/** The delivery log, newest first. */
export function listDeliveries(limit = 50) {
  return getPrisma().webhookDelivery.findMany({
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, event: true, runId: true, status: true, attempts: true, responseStatus: true, error: true, createdAt: true, lastAttemptAt: true, webhook: { select: { name: true, host: true } } },
  });
}

/** Server-side only: the webhook with its URL decrypted, for sending. */
export async function webhookForDelivery(deliveryId: string) {
  const delivery = await getPrisma().webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
  if (!delivery) return null;
  return { ...delivery, url: decryptSecret(delivery.webhook.url, currentKeys().all) };
}

/**
 * One delivery per webhook that takes this event, each handed to the queue. Without a queue in
 * this process (a script), the rows stay pending and say why.
 */
export async function notify(event: WebhookEvent): Promise<number> {
  const prisma = getPrisma();
  const hooks = await prisma.webhook.findMany({ where: { events: { has: event.event } }, select: { id: true } });
  const queue = findJobQueue();
  for (const hook of hooks) {
    const delivery = await prisma.webhookDelivery.create({
      data: { webhookId: hook.id, event: event.event, runId: event.run.id, payload: jsonColumn(event), error: queue ? null : 'not sent: no job queue runs in this process' },
      select: { id: true },
    });
    await queue?.deliver(delivery.id);
  }
  return hooks.length;
}
