/** The audit log: who changed or deleted what, and when. Written in the same transaction as the change. */
import type { Prisma } from '../db/generated/client';
import { getPrisma } from '../db/client';
import { jsonColumn } from '../runs/stored';

export interface AuditEntry {
  user: { id: string; email: string };
  action: 'run.edit' | 'run.delete';
  subject: string;
  detail: object;
}

export function auditEvent(entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  return { userId: entry.user.id, userEmail: entry.user.email, action: entry.action, subject: entry.subject, detail: jsonColumn(entry.detail) };
}

/** The latest events, newest first, for admins. */
export function listAuditEvents(take = 100) {
  return getPrisma().auditEvent.findMany({ orderBy: { at: 'desc' }, take, select: { id: true, at: true, userEmail: true, action: true, subject: true, detail: true } });
}

const show = (value: unknown) => (value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

/** An event's detail as lines a person reads: "title: — → After the fix" for edits, the facts for deletes. */
export function describeAuditDetail(action: string, detail: unknown): string[] {
  if (!detail || typeof detail !== 'object') return [];
  const entries = Object.entries(detail as Record<string, unknown>);
  if (action === 'run.edit') {
    return entries.map(([field, change]) => {
      const { before, after } = (change ?? {}) as { before?: unknown; after?: unknown };
      return `${field}: ${show(before)} → ${show(after)}`;
    });
  }
  return entries.map(([key, value]) => `${key}: ${show(value)}`);
}
