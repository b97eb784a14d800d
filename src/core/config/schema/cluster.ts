import { cfg, key, prop } from './define';
import type { KeySpec, PatternSpec } from './types';

/** Ensemble membership, elections and learner behaviour. */
export const clusterKeys: readonly KeySpec[] = [
  cfg(
    'initLimit',
    'int',
    'cluster',
    'Ticks a follower may take to connect to a new leader and sync with it. Raise it when the data set is large. Required with more than one server.',
    { unit: 'ticks', min: 1 },
  ),
  cfg('syncLimit', 'int', 'cluster', 'Ticks a follower may fall behind the leader before it is dropped.', { unit: 'ticks', min: 1 }),
  cfg(
    'connectToLearnerMasterLimit',
    'int',
    'cluster',
    'Ticks a follower may take to connect to the leader after an election, so a large initLimit need not slow reconnection.',
    { unit: 'ticks', min: 1, defaultNote: 'initLimit', since: '3.6.0' },
  ),
  cfg(
    'electionAlg',
    'int',
    'cluster',
    'Leader election implementation. Only 3 (TCP fast leader election) exists since 3.6.0; 1 and 2 were deprecated in 3.4.0.',
    { default: '3' },
  ),
  cfg(
    'peerType',
    'enum',
    'cluster',
    'Role this server expects: participant or observer. The role on its server.N line wins when they disagree.',
    { values: ['participant', 'observer'], caseInsensitive: true, default: 'participant' },
  ),
  prop(
    'leaderServes',
    'yesno',
    'cluster',
    'Whether the leader also serves clients. "no" frees the leader for coordination in larger ensembles; only the exact text "no" turns it off.',
    { default: 'yes' },
  ),
  prop('cnxTimeout', 'int', 'cluster', 'Timeout for opening leader-election connections between servers.', {
    unit: 'ms',
    min: 1,
    default: '5000',
  }),
  prop('quorumCnxnTimeoutMs', 'int', 'cluster', 'Read timeout on leader-election connections; -1 uses syncLimit × tickTime.', {
    unit: 'ms',
    default: '-1',
  }),
  cfg(
    'standaloneEnabled',
    'boolean',
    'cluster',
    'When true (the default), a configuration with a single server runs the standalone code path, which cannot ' +
      'grow by reconfig. false runs even one server as a quorum peer, which dynamic reconfig needs.',
    { strict: true, default: 'true', since: '3.5.0' },
  ),
  cfg(
    'reconfigEnabled',
    'boolean',
    'cluster',
    'Enables dynamic reconfiguration (adding and removing members at run time). Only the super user or users ' +
      'granted write access to /zookeeper/config may then reconfigure. Keep it the same on every server.',
    { strict: true, default: 'false', since: '3.5.3' },
  ),
  cfg(
    'quorumListenOnAllIPs',
    'boolean',
    'cluster',
    "Listen for quorum and election traffic on every interface instead of only the address on this server's server.N line.",
    { strict: true, default: 'false' },
  ),
  prop(
    'tcpKeepAlive',
    'boolean',
    'cluster',
    'Sets TCP keep-alive on election sockets between servers so idle connections survive NATs and firewalls.',
    { default: 'false', since: '3.5.4' },
  ),
  prop(
    'clientTcpKeepAlive',
    'boolean',
    'basic',
    'Sets TCP keep-alive on client sockets so connections whose FIN was lost are eventually closed (NIO connection factory only).',
    { default: 'false', since: '3.6.1' },
  ),
  prop(
    'electionPortBindRetry',
    'int',
    'cluster',
    'How often to retry binding the election port; 0 retries forever, useful where DNS comes up late (Kubernetes).',
    { unit: 'count', min: 0, default: '3' },
  ),
  prop(
    'observer.reconnectDelayMs',
    'int',
    'cluster',
    'Delay before an observer that lost its leader reconnects, so a fleet of observers does not reconnect at once.',
    { unit: 'ms', min: 0, default: '0', since: '3.6.0' },
  ),
  prop(
    'observer.election.DelayMs',
    'int',
    'cluster',
    'Delay before a disconnected observer joins an election, sparing the voters extra load.',
    { unit: 'ms', min: 0, default: '200', since: '3.6.0' },
  ),
  prop(
    'leader.maxTimeToWaitForEpoch',
    'int',
    'cluster',
    'Longest a new leader waits for epoch acknowledgements from a majority before it starts a new election; can be far below initLimit × tickTime.',
    { unit: 'ms', docName: 'maxTimeToWaitForEpoch', since: '3.6.0' },
  ),
  prop(
    'leader.maxConcurrentSnapSyncs',
    'int',
    'cluster',
    'Most snapshot transfers a leader (or follower serving observers) runs at once.',
    { unit: 'count', min: 1, default: '10', docName: 'maxConcurrentSnapSyncs' },
  ),
  prop('leader.maxConcurrentDiffSyncs', 'int', 'cluster', 'Most diff syncs a leader (or follower serving observers) runs at once.', {
    unit: 'count',
    min: 1,
    default: '100',
    docName: 'maxConcurrentDiffSyncs',
  }),
  prop(
    'fastleader.minNotificationInterval',
    'int',
    'cluster',
    'Shortest wait between checks of election notifications; the wait backs off towards the maximum in long elections.',
    { unit: 'ms', min: 1, default: '200' },
  ),
  prop('fastleader.maxNotificationInterval', 'int', 'cluster', 'Longest wait between checks of election notifications.', {
    unit: 'ms',
    min: 1,
    default: '60000',
  }),
  prop(
    'learner.closeSocketAsync',
    'boolean',
    'cluster',
    "Close a learner's quorum socket on another thread, so a slow TLS close does not delay the next election.",
    { default: 'false', since: '3.7.0' },
  ),
  prop(
    'leader.closeSocketAsync',
    'boolean',
    'cluster',
    "Close a dropped follower's socket on another thread, so a slow TLS close does not hold up pings to the other followers.",
    { default: 'false', since: '3.7.0' },
  ),
  prop(
    'learner.asyncSending',
    'boolean',
    'cluster',
    'Send learner packets from a separate thread, avoiding follower hangs on an untimely network problem.',
    { default: 'false', since: '3.7.0' },
  ),
  prop(
    'forward_learner_requests_to_commit_processor_disabled',
    'boolean',
    'performance',
    "Keep learners' requests out of the leader's commit processor queue, saving memory and GC on the leader.",
    { default: 'false', since: '3.8.0' },
  ),
  cfg(
    'multiAddress.enabled',
    'boolean',
    'cluster',
    'Allows several addresses per server (host:port:port|host:port:port) for redundant networks. Cannot be switched on during a rolling upgrade from before 3.6.0.',
    { strict: true, default: 'false', since: '3.6.0', sysProp: 'zookeeper.multiAddress.enabled' },
  ),
  cfg(
    'multiAddress.reachabilityCheckTimeoutMs',
    'int',
    'cluster',
    "Time allowed for checking which of a server's several addresses is reachable.",
    { unit: 'ms', min: 1, default: '1000', since: '3.6.0', sysProp: 'zookeeper.multiAddress.reachabilityCheckTimeoutMs' },
  ),
  cfg(
    'multiAddress.reachabilityCheckEnabled',
    'boolean',
    'cluster',
    "Check reachability before choosing among a server's addresses. Turning it off is meant for tests only.",
    { strict: true, default: 'true', since: '3.6.0', sysProp: 'zookeeper.multiAddress.reachabilityCheckEnabled' },
  ),
  cfg(
    'oraclePath',
    'path',
    'cluster',
    'File read by the Oracle quorum verifier, which lets a two-server ensemble keep serving when one of them fails.',
    { since: '3.8.0' },
  ),
];

/** Dynamic membership lines, allowed in zoo.cfg and in dynamic config files. */
export const membershipPatterns: readonly PatternSpec[] = [
  {
    ...key(
      'server.N',
      'string',
      'cluster',
      'config',
      'A member of the ensemble: host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]. ' +
        "N is the id in that server's myid file (1–255). Since 3.6.0 several addresses may be joined with | when multiAddress.enabled is true.",
      { dynamic: true },
    ),
    pattern: /^server\.(.*)$/,
    snippet: 'server.${1:1}=${2:host}:${3:2888}:${4:3888}',
  },
  {
    ...key(
      'group.N',
      'string',
      'cluster',
      'config',
      'Hierarchical quorums: the colon-separated ids of the servers in group N. Groups must not overlap and together must hold every voting member.',
      { dynamic: true },
    ),
    pattern: /^group\.(.*)$/,
    snippet: 'group.${1:1}=${2:1:2:3}',
  },
  {
    ...key(
      'weight.N',
      'string',
      'cluster',
      'config',
      'Hierarchical quorums: the voting weight of server N (default 1). 0 keeps a member from counting towards quorum.',
      { dynamic: true, min: 0 },
    ),
    pattern: /^weight\.(.*)$/,
    snippet: 'weight.${1:1}=${2:1}',
  },
];
