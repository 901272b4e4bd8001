/** Users: the first admin, sign-in, and what admins and users change. Inputs are validated here. */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { errorsOf } from '../form-state';
import { hashPassword, passwordSchema, verifyPassword } from './passwords';
import { FailureLimiter, SIGN_IN_LIMITS } from './rate-limit';
import { ROLES, type Role } from './roles';
import { createSession, endUserSessions, forgetUser, type SignedInUser } from './sessions';

export const emailSchema = z
  .string({ error: 'enter an email address' })
  .trim()
  .toLowerCase()
  .max(254, 'use at most 254 characters')
  .pipe(z.email('enter an email address like ops@example.com'));

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(ROLES, { error: `choose a role: ${ROLES.join(', ')}` }),
});

export const firstAdminSchema = z
  .object({ email: emailSchema, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'the two passwords differ' });

type Result<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string> };

export function adminExists(): Promise<boolean> {
  return getPrisma().user.count({ where: { role: 'admin', disabledAt: null } }).then((n) => n > 0);
}

/**
 * Creates the first admin, only while no admin exists. The advisory lock makes two first-run
 * submissions (or a start with ADMIN_EMAIL and a first-run form) create exactly one.
 */
const ADMIN_EXISTS = 'an admin already exists: sign in instead';

/**
 * The first-run screen. Once an admin exists it refuses before hashing anything; attempts are
 * limited per client address (the hash costs ~19 MiB and tens of ms each).
 */
export async function createFirstAdmin(input: unknown, client?: string): Promise<Result<{ user: SignedInUser }>> {
  if (client !== undefined) {
    const { wait } = limiterForFirstRun.take(client);
    if (wait > 0) return { ok: false, errors: { form: `too many first-run attempts: try again in ${formatWait(wait)}` } };
  }
  if (await adminExists()) return { ok: false, errors: { form: ADMIN_EXISTS } };
  const parsed = firstAdminSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const passwordHash = await hashPassword(parsed.data.password);
  return getPrisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7243001)`;
    if ((await tx.user.count({ where: { role: 'admin', disabledAt: null } })) > 0) return { ok: false as const, errors: { form: ADMIN_EXISTS } };
    const user = await tx.user.upsert({
      where: { email: parsed.data.email },
      create: { email: parsed.data.email, passwordHash, role: 'admin' },
      update: { passwordHash, role: 'admin', disabledAt: null },
      select: { id: true, email: true, role: true },
    });
    return { ok: true as const, user };
  });
}

/** ADMIN_EMAIL / ADMIN_PASSWORD at start: creates that admin when none exists. Never echoes the password. */
export async function ensureAdminFromEnv(env: Record<string, string | undefined>): Promise<string | undefined> {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!email && !password) return undefined;
  if (!email || !password) throw new Error('set both ADMIN_EMAIL and ADMIN_PASSWORD (or neither) to create the first admin');
  const result = await createFirstAdmin({ email, password, confirm: password });
  if (result.ok) return `created admin ${result.user.email} from ADMIN_EMAIL`;
  if (result.errors.form) return undefined; // an admin exists already: the variables are ignored
  throw new Error(`ADMIN_EMAIL / ADMIN_PASSWORD: ${Object.entries(result.errors).map(([field, message]) => `${field === 'password' || field === 'confirm' ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'} ${message}`).join('; ')}`);
}

const limiterForAccount = new FailureLimiter(SIGN_IN_LIMITS.perAccount);
const limiterForClient = new FailureLimiter(SIGN_IN_LIMITS.perClient);
const limiterForFirstRun = new FailureLimiter(SIGN_IN_LIMITS.firstRun);

const signInSchema = z.object({ email: emailSchema, password: z.string({ error: 'enter your password' }).min(1, 'enter your password').max(256, 'wrong email or password') });

export type SignInResult = { ok: true; token: string; expiresAt: Date; user: SignedInUser } | { ok: false; error: string; retryAfterSeconds?: number };

/** Checks a password, rate-limited per client address and per (address, email). */
export async function signIn(input: unknown, client: string): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: Object.values(errorsOf(parsed.error))[0] };
  const accountKey = `${client}|${parsed.data.email}`;
  // Each attempt is counted before the password is checked, so parallel attempts cannot overrun the limit.
  const wait = Math.max(limiterForClient.retryAfter(client), limiterForAccount.retryAfter(accountKey));
  if (wait > 0) return { ok: false, error: `too many failed sign-ins: try again in ${formatWait(wait)}`, retryAfterSeconds: wait };
  const forClient = limiterForClient.take(client);
  limiterForAccount.take(accountKey);
  const user = await getPrisma().user.findUnique({ where: { email: parsed.data.email } });
  const valid = await verifyPassword(user?.passwordHash, parsed.data.password);
  if (!user || !valid || user.disabledAt) {
    return { ok: false, error: user?.disabledAt && valid ? 'this account is disabled: ask an admin' : 'wrong email or password' };
  }
  forClient.refund();
  limiterForAccount.clear(accountKey);
  const session = await createSession(user.id);
  return { ok: true, ...session, user: { id: user.id, email: user.email, role: user.role } };
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

export function listUsers() {
  return getPrisma().user.findMany({ orderBy: { email: 'asc' }, select: { id: true, email: true, role: true, disabledAt: true, createdAt: true } });
}

export async function createUser(input: unknown): Promise<Result<{ user: SignedInUser }>> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const prisma = getPrisma();
  if (await prisma.user.findUnique({ where: { email: parsed.data.email } })) return { ok: false, errors: { email: `${parsed.data.email} already has an account` } };
  const user = await prisma.user.create({
    data: { email: parsed.data.email, role: parsed.data.role, passwordHash: await hashPassword(parsed.data.password) },
    select: { id: true, email: true, role: true },
  });
  return { ok: true, user };
}

const userChangeSchema = z.discriminatedUnion('change', [
  z.object({ change: z.literal('role'), id: z.uuid('unknown user'), role: z.enum(ROLES, { error: `choose a role: ${ROLES.join(', ')}` }) }),
  z.object({ change: z.literal('disable'), id: z.uuid('unknown user') }),
  z.object({ change: z.literal('enable'), id: z.uuid('unknown user') }),
  z.object({ change: z.literal('password'), id: z.uuid('unknown user'), password: passwordSchema }),
], { error: 'unknown change' });

/** An admin's change to a user. An admin cannot demote or disable themselves, so one admin always remains. */
export async function changeUser(actorId: string, input: unknown): Promise<Result> {
  const parsed = userChangeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const change = parsed.data;
  const prisma = getPrisma();
  const user = await prisma.user.findUnique({ where: { id: change.id } });
  if (!user) return { ok: false, errors: { id: 'this user no longer exists; reload the page' } };
  if (change.id === actorId && (change.change === 'disable' || (change.change === 'role' && change.role !== 'admin'))) {
    return { ok: false, errors: { form: 'you cannot demote or disable yourself: ask another admin' } };
  }
  forgetUser(user.id);
  if (change.change === 'role') await prisma.user.update({ where: { id: user.id }, data: { role: change.role as Role } });
  if (change.change === 'disable') {
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await endUserSessions(user.id);
  }
  if (change.change === 'enable') await prisma.user.update({ where: { id: user.id }, data: { disabledAt: null } });
  if (change.change === 'password') {
    // A reset means the account may be in the wrong hands: its sessions and API tokens end too.
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(change.password) } });
    await endUserSessions(user.id);
    await prisma.apiToken.deleteMany({ where: { userId: user.id } });
  }
  forgetUser(user.id);
  return { ok: true };
}

const ownPasswordSchema = z
  .object({ current: z.string({ error: 'enter your current password' }).min(1, 'enter your current password').max(256, 'wrong password'), password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'the two passwords differ' });

/** A user's own password change; ends their other sessions. */
export async function changeOwnPassword(userId: string, input: unknown, keepToken?: string): Promise<Result> {
  const parsed = ownPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const prisma = getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.current))) return { ok: false, errors: { current: 'wrong password' } };
  await prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(parsed.data.password) } });
  await endUserSessions(userId, keepToken);
  return { ok: true };
}
