import type { MetricStore } from '../metrics/store';
import { RATE_WINDOW_MS } from './checks';
import { LATENCY_SUMMARIES } from './checks/resources';
import type { HealthReport } from './report';
import { formatLatency, stateWord } from './summary';

/** One member's row of `zkops top`: every cell already text, `-` when unknown. */
export interface TopRow {
  readonly id: string;
  readonly address: string;
  readonly role: string;
  readonly state: string;
  readonly lag: string;
  readonly latency: string;
  readonly outstanding: string;
  readonly connections: string;
  readonly packets: string;
}

export const TOP_HEADER: TopRow = {
  id: 'ID',
  address: 'ADDRESS',
  role: 'ROLE',
  state: 'STATE',
  lag: 'ZXID LAG',
  latency: 'LATENCY',
  outstanding: 'OUTST',
  connections: 'CONNS',
  packets: 'PKTS/S IN/OUT',
};

/** The mean of a stored per-second rate over the last window; undefined without points. */
function recentRate(store: MetricStore, member: string, key: string, since: number): number | undefined {
  const points = store.query(member, key).points;
  let sum = 0;
  let n = 0;
  for (let i = points.length - 1; i >= 0 && points[i]!.t >= since; i--) {
    sum += points[i]!.value;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

/**
 * The rows of `zkops top` from a report and the store the poller fills: role and state from the
 * report (hung members included), zxid lag behind the leader, latency over the last minute from the
 * latency summaries' rates (the since-start average, marked `*`, until two polls were made),
 * outstanding requests, connections and packets per second received/sent.
 */
export function topRows(report: HealthReport, store: MetricStore): TopRow[] {
  return report.health.members.map((m) => {
    const latest = store.latest(m.address);
    const since = (latest?.timeMs ?? 0) - RATE_WINDOW_MS;
    const up = m.condition === 'up';
    let latency = '-';
    if (up && latest) {
      let sum = 0;
      let count = 0;
      let seen = false;
      for (const name of LATENCY_SUMMARIES) {
        const s = recentRate(store, m.address, `sum_${name}`, since);
        const c = recentRate(store, m.address, `cnt_${name}`, since);
        if (s === undefined || c === undefined) continue;
        seen = true;
        sum += s;
        count += c;
      }
      if (seen) latency = count > 0 ? formatLatency(sum / count) : 'idle';
      else if (m.latency) latency = `${formatLatency(m.latency.avg)}*`;
    }
    const rx = up && latest ? recentRate(store, m.address, 'packets_received', since) : undefined;
    const tx = up && latest ? recentRate(store, m.address, 'packets_sent', since) : undefined;
    return {
      id: m.id === null ? '-' : String(m.id),
      address: m.address,
      role: m.role ?? '-',
      state: up ? (m.voting === false && m.role !== 'observer' ? 'up (non-voting)' : 'up') : stateWord(m),
      lag: m.lag === null ? '-' : String(m.lag),
      latency,
      outstanding: m.outstanding === null ? '-' : String(m.outstanding),
      connections: m.connections === null ? '-' : String(m.connections),
      packets: rx === undefined || tx === undefined ? '-' : `${Math.round(rx)}/${Math.round(tx)}`,
    };
  });
}

const COLUMNS: readonly (keyof TopRow)[] = ['id', 'address', 'role', 'state', 'lag', 'latency', 'outstanding', 'connections', 'packets'];

/** The rows as an aligned table under the header, one line per member. */
export function formatTopTable(rows: readonly TopRow[]): string {
  const all = [TOP_HEADER, ...rows];
  const widths = COLUMNS.map((c) => Math.max(...all.map((r) => r[c].length)));
  // Server-made text (a reason, an address) never carries terminal control characters to the screen.
  const clean = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return all
    .map((r) => COLUMNS.map((c, i) => (i === COLUMNS.length - 1 ? clean(r[c]) : clean(r[c]).padEnd(widths[i]!))).join('  '))
    .join('\n');
}
