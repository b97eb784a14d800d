import type { Finding } from '../findings';
import { Rule, addLineFix, fileStart, setValueFix } from './context';

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => p.replace(/[\\/]+/g, '/').replace(/\/$/, '');
  return norm(a) === norm(b);
}

/** Where data lives and how it is cleaned up. */
export const storageRules: Rule = (ctx) => {
  const { model } = ctx;
  if (model.kind === 'dynamic') return [];
  const out: Finding[] = [];
  const dataDir = model.get('dataDir');
  const dataLogDir = model.get('dataLogDir');
  if (!dataDir) {
    out.push({
      rule: 'missing-key',
      severity: 'error',
      message: 'dataDir is not set: ZooKeeper refuses to start',
      range: fileStart(),
      fixes: [addLineFix(ctx, 'dataDir=/var/lib/zookeeper')],
    });
  }
  if (dataDir && dataLogDir && dataDir.value && samePath(dataDir.value, dataLogDir.value)) {
    out.push({
      rule: 'data-log-dir',
      severity: 'info',
      message:
        'dataLogDir is the dataDir: snapshots then compete with the transaction log, whose fsyncs set write latency; give the log a device of its own',
      range: dataLogDir.valueRange,
      related: [{ range: dataDir.valueRange, message: 'dataDir' }],
    });
  }
  for (const dir of [dataDir, dataLogDir]) {
    if (dir && /^\/(tmp|var\/tmp)(\/|$)/.test(dir.value)) {
      out.push({
        rule: 'temporary-dir',
        severity: 'info',
        message: `${dir.key} is under ${dir.value.split('/')[1] === 'tmp' ? '/tmp' : '/var/tmp'}, which many systems clear on reboot: fine for a test, not for data you keep`,
        range: dir.valueRange,
      });
    }
  }
  const interval = model.get('autopurge.purgeInterval');
  const hours = model.int('autopurge.purgeInterval');
  if (!interval || hours === 0) {
    out.push({
      rule: 'autopurge',
      severity: 'warning',
      message:
        'autopurge is off: old snapshots and transaction logs are never deleted and the disk fills up, unless a cron job runs zkCleanup.sh',
      range: interval ? interval.valueRange : fileStart(),
      fixes: [
        interval
          ? setValueFix(interval, '24', 'Purge every 24 hours', true)
          : addLineFix(ctx, 'autopurge.purgeInterval=24', 'Add autopurge.purgeInterval=24'),
      ],
    });
  }
  const retain = model.get('autopurge.snapRetainCount');
  const count = model.int('autopurge.snapRetainCount');
  if (retain && count !== undefined && count < 3) {
    out.push({
      rule: 'autopurge',
      severity: 'warning',
      message: `autopurge.snapRetainCount ${count} is below the minimum: ZooKeeper keeps 3 snapshots anyway`,
      range: retain.valueRange,
      fixes: [setValueFix(retain, '3', 'Set it to 3', true)],
    });
  }
  const forceSync = model.get('forceSync');
  if (forceSync?.value === 'no') {
    out.push({
      rule: 'unsafe',
      severity: 'warning',
      message: 'forceSync=no acknowledges writes before they reach the disk: a power loss on a majority can lose committed data',
      range: forceSync.valueRange,
    });
  }
  const trustEmpty = model.get('snapshot.trust.empty');
  if (trustEmpty && trustEmpty.value.toLowerCase() === 'true') {
    out.push({
      rule: 'unsafe',
      severity: 'info',
      message:
        'snapshot.trust.empty is meant for one upgrade from before 3.5.3; set it back to false afterwards so a missing snapshot is caught',
      range: trustEmpty.valueRange,
    });
  }
  return out;
};
