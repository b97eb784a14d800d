import type { Finding } from '../findings';
import { Rule, addLineFix, fileStart } from './context';

/** A follower given less than this to sync after an election can rarely finish a snapshot transfer. */
const MIN_INIT_MS = 5_000;
/** A follower dropped after a stall shorter than this flaps on every GC pause or disk hiccup. */
const MIN_SYNC_MS = 2_000;
/** Ticks shorter than this make heartbeats and expiry checks busy for no gain. */
const MIN_TICK_MS = 100;

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(2)} s`;

/** tickTime, initLimit, syncLimit and the session timeout bounds, which all count in ticks. */
export const timingRules: Rule = (ctx) => {
  const { model } = ctx;
  if (model.kind === 'dynamic') return [];
  const out: Finding[] = [];
  const tickEntry = model.get('tickTime');
  const tick = model.tickTime;
  if (!tickEntry) {
    out.push({
      rule: 'missing-key',
      severity: 'info',
      message: 'tickTime is not set: ZooKeeper uses 3000 ms',
      range: fileStart(),
      fixes: [addLineFix(ctx, 'tickTime=2000')],
    });
  } else if (model.int('tickTime') !== undefined && tick < MIN_TICK_MS) {
    out.push({
      rule: 'timing',
      severity: 'warning',
      message: `tickTime ${tick} ms is very short: heartbeats and session checks run every tick`,
      range: tickEntry.valueRange,
    });
  }
  const init = model.get('initLimit');
  const sync = model.get('syncLimit');
  if (model.distributed) {
    for (const [name, entry] of [
      ['initLimit', init],
      ['syncLimit', sync],
    ] as const) {
      if (!entry) {
        out.push({
          rule: 'missing-key',
          severity: 'error',
          message: `${name} is not set: a server with other members refuses to start without it`,
          range: fileStart(),
          fixes: [addLineFix(ctx, `${name}=${name === 'initLimit' ? 10 : 5}`)],
        });
      }
    }
  }
  const initTicks = model.int('initLimit');
  const syncTicks = model.int('syncLimit');
  if (init && initTicks !== undefined && initTicks > 0 && initTicks * tick < MIN_INIT_MS) {
    out.push({
      rule: 'timing',
      severity: 'warning',
      message: `initLimit × tickTime = ${seconds(initTicks * tick)}: followers have little time to connect and sync after an election, and a snapshot transfer may not fit`,
      range: init.valueRange,
    });
  }
  if (sync && syncTicks !== undefined && syncTicks > 0 && syncTicks * tick < MIN_SYNC_MS) {
    out.push({
      rule: 'timing',
      severity: 'warning',
      message: `syncLimit × tickTime = ${seconds(syncTicks * tick)}: a follower stalled that briefly (GC, slow disk) is dropped from the quorum`,
      range: sync.valueRange,
    });
  }
  if (init && sync && initTicks !== undefined && syncTicks !== undefined && syncTicks > initTicks) {
    out.push({
      rule: 'timing',
      severity: 'warning',
      message: `syncLimit (${syncTicks}) is larger than initLimit (${initTicks}): followers get less time for the initial sync than for staying in step`,
      range: sync.valueRange,
    });
  }
  out.push(...sessionTimeouts(ctx));
  return out;
};

function sessionTimeouts(ctx: Parameters<Rule>[0]): Finding[] {
  const { model } = ctx;
  const tick = model.tickTime;
  const minEntry = model.get('minSessionTimeout');
  const maxEntry = model.get('maxSessionTimeout');
  const min = model.int('minSessionTimeout') ?? 2 * tick;
  const max = model.int('maxSessionTimeout') ?? 20 * tick;
  const out: Finding[] = [];
  if ((minEntry || maxEntry) && min > max) {
    const anchor = (maxEntry ?? minEntry)!;
    const what =
      `${minEntry ? 'minSessionTimeout' : 'the default minimum (2 × tickTime)'} ${min} ms is above ` +
      `${maxEntry ? 'maxSessionTimeout' : 'the default maximum (20 × tickTime)'} ${max} ms`;
    out.push({ rule: 'session-timeout', severity: 'error', message: `${what}; ZooKeeper refuses to start`, range: anchor.valueRange });
    return out;
  }
  if (minEntry && model.int('minSessionTimeout') !== undefined && min < 2 * tick) {
    out.push({
      rule: 'session-timeout',
      severity: 'info',
      message: `minSessionTimeout ${min} ms is under two ticks (${2 * tick} ms); expiry is only checked once per tick, so such sessions expire unevenly`,
      range: minEntry.valueRange,
    });
  }
  const sync = model.int('syncLimit');
  if (maxEntry && model.int('maxSessionTimeout') !== undefined && sync !== undefined && max < sync * tick) {
    out.push({
      rule: 'session-timeout',
      severity: 'info',
      message: `maxSessionTimeout ${max} ms is below syncLimit × tickTime (${sync * tick} ms): sessions can expire while a slow follower is still in the quorum`,
      range: maxEntry.valueRange,
    });
  }
  return out;
}
