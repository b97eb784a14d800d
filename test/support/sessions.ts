import assert from 'node:assert/strict';
import type { MemberRecord, Testbed } from '../../src/core/testbed/testbed';
import { ZkError, isZkError } from '../../src/core/zk/errors';
import type { ZkSession } from '../../src/core/zk/session';

/** The testbed member the session is connected to now. */
export function connectedMember(bed: Testbed, session: ZkSession): MemberRecord {
  const port = session.server?.port;
  const member = bed.members.find((m) => m.ports.client === port);
  assert.ok(member, `session not connected to a member of the testbed (server ${JSON.stringify(session.server)})`);
  return member;
}

/** `host:port` list of the given members. */
export function connectStringOf(members: readonly MemberRecord[]): string {
  return members.map((m) => `127.0.0.1:${m.ports.client}`).join(',');
}

/** What a call ended with, and after how long. */
export interface Settled<T> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: ZkError;
  readonly ms: number;
}

/** Runs `fn`, asserting it settles with a value or a ZkError (never anything else). */
export async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  const start = Date.now();
  try {
    const value = await fn();
    return { ok: true, value, ms: Date.now() - start };
  } catch (err) {
    assert.ok(err instanceof ZkError, `expected a ZkError, got ${String(err)}`);
    return { ok: false, error: err, ms: Date.now() - start };
  }
}

/** Asserts `promise` rejects with a ZkError called `name`; returns it. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<ZkError> {
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected ${name}, but it resolved`),
    (err: unknown) => {
      caught = err;
    },
  );
  assert.ok(isZkError(caught), `expected ZkError ${name}, got ${String(caught)}`);
  assert.equal(caught.name, name, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Counts outcomes by error name (`ok` for successes). */
export function tally(outcomes: readonly { ok: boolean; error?: ZkError }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.ok ? 'ok' : (o.error?.name ?? 'unknown');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
