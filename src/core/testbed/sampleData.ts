import { isZkError } from '../zk/errors';
import type { CreateMode } from '../zk/requests';
import type { ZkSession } from '../zk/session';

/** What the sandbox loads: a little of everything the explorer must handle. */
export interface SampleNode {
  readonly path: string;
  readonly data: Buffer;
  readonly mode: Extract<CreateMode, 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential'>;
}

const BIG_PARENT = '/sandbox/many';
export const SAMPLE_CHILD_COUNT = 10_000;

/** The fixed part of the sample tree (the 10k children are generated). */
export function sampleNodes(): SampleNode[] {
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2));
  const text = (value: string): Buffer => Buffer.from(value, 'utf8');
  const nodes: SampleNode[] = [
    { path: '/sandbox', data: text('ZooKeeper Ops sandbox'), mode: 'persistent' },
    { path: '/sandbox/config', data: Buffer.alloc(0), mode: 'persistent' },
    { path: '/sandbox/config/app', data: json({ name: 'shop', replicas: 3, features: { search: true } }), mode: 'persistent' },
    { path: '/sandbox/config/app/database', data: json({ url: 'jdbc:postgresql://db:5432/shop', pool: 20 }), mode: 'persistent' },
    { path: '/sandbox/config/app/cache', data: text('ttl=300\nsize=1024\n'), mode: 'persistent' },
    { path: '/sandbox/config/app/flags', data: json({ darkMode: false, beta: ['checkout'] }), mode: 'persistent' },
    { path: '/sandbox/config/unicode-名前', data: text('héllo wörld ✓ 名前'), mode: 'persistent' },
    { path: '/sandbox/binary', data: Buffer.alloc(0), mode: 'persistent' },
    { path: '/sandbox/binary/random', data: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73 + 41) & 0xff)), mode: 'persistent' },
    {
      path: '/sandbox/binary/protobuf-like',
      data: Buffer.from([0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67, 0xff, 0xfe]),
      mode: 'persistent',
    },
    { path: '/sandbox/services', data: Buffer.alloc(0), mode: 'persistent' },
    { path: '/sandbox/services/api-', data: json({ host: '127.0.0.1', port: 8080 }), mode: 'ephemeral-sequential' },
    { path: '/sandbox/services/api-', data: json({ host: '127.0.0.1', port: 8081 }), mode: 'ephemeral-sequential' },
    { path: '/sandbox/locks', data: Buffer.alloc(0), mode: 'persistent' },
    { path: '/sandbox/locks/lock-', data: Buffer.alloc(0), mode: 'persistent-sequential' },
    { path: '/sandbox/session-marker', data: text('ephemeral: gone when the loader disconnects'), mode: 'ephemeral' },
    { path: BIG_PARENT, data: text(`${SAMPLE_CHILD_COUNT} children`), mode: 'persistent' },
  ];
  return nodes;
}

/**
 * Loads the sample tree. Ephemeral nodes live as long as `session`, so callers that want them to
 * stay keep the session open. Children of the big parent go through the session's bounded bulk
 * runner; nodes that already exist are fine (loading twice is harmless).
 */
export async function loadSampleData(session: ZkSession): Promise<number> {
  const create = async (node: SampleNode): Promise<void> => {
    try {
      await session.create(node.path, node.data, { mode: node.mode });
    } catch (err) {
      if (!isZkError(err, 'NODEEXISTS')) throw err;
    }
  };
  const fixed = sampleNodes();
  for (const node of fixed) await create(node);
  const indexes = Array.from({ length: SAMPLE_CHILD_COUNT }, (_, i) => i);
  const outcomes = await session.bulk(
    indexes,
    (i) => create({ path: `${BIG_PARENT}/item-${i}`, data: Buffer.from(String(i)), mode: 'persistent' }),
    { concurrency: 500, stopOnError: true },
  );
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw failed.error;
  return fixed.length + indexes.length;
}
