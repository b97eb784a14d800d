import { runCli } from '../../src/cli/main';
import type { HealthPoller } from '../../src/core/health/poller';
import type { HealthReport } from '../../src/core/health/report';
import type { MemberHealth } from '../../src/core/health/types';
import type { Testbed } from '../../src/core/testbed/testbed';

/**
 * Resolves with the first report of `poller` (the current one included) that satisfies `ok`, and
 * how long it took; rejects after `timeoutMs` with the last summary seen.
 */
export function waitForReport(
  poller: HealthPoller,
  what: string,
  ok: (r: HealthReport) => boolean,
  timeoutMs: number,
): Promise<{ report: HealthReport; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let last = poller.report?.summary ?? 'no report yet';
    const finish = (report: HealthReport): void => {
      clearTimeout(timer);
      off();
      resolve({ report, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: not seen within ${timeoutMs} ms (last: ${last})`));
    }, timeoutMs);
    const off = poller.onUpdate((report) => {
      const notPassing = report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}: ${c.evidence}`);
      last = `${report.status}: ${report.summary}${notPassing.length ? ` [${notPassing.join('; ')}]` : ''}`;
      if (ok(report)) finish(report);
    });
    if (poller.report && ok(poller.report)) finish(poller.report);
  });
}

/** The member of a report that is testbed member `id` (matched by client port). */
export function memberOf(report: HealthReport, bed: Testbed, id: number): MemberHealth {
  const port = bed.member(id).ports.client;
  const found = report.health.members.find((m) => m.address.endsWith(`:${port}`));
  if (!found) throw new Error(`member ${id} is not in the report`);
  return found;
}

/** Runs `zkops` in-process and captures its output. */
export async function zkops(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}
