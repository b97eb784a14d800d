import type { Finding } from '../findings';
import { valueSpan } from '../parser';
import { FOUR_LETTER_WORDS } from '../schema';
import { suggest } from '../suggest';
import { Rule, RuleContext, addLineFix, setValueFix } from './context';

/** Four-letter words, monitoring reach, who may reconfigure, and unsafe access settings. */
export const accessRules: Rule = (ctx) => {
  if (ctx.model.kind === 'dynamic') return [];
  return [...fourLetterWords(ctx), ...monitoring(ctx), ...reconfig(ctx), ...skipAcl(ctx), ...quorumSasl(ctx), ...tls(ctx), ...legacy(ctx)];
};

function whitelist(ctx: RuleContext): Set<string> | undefined {
  const entry = ctx.model.get('4lw.commands.whitelist');
  if (!entry) return undefined;
  const words = new Set(
    entry.value
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w),
  );
  if (words.has('*')) return new Set([...Object.keys(FOUR_LETTER_WORDS), '*']);
  words.add('srvr');
  return words;
}

function fourLetterWords(ctx: RuleContext): Finding[] {
  const entry = ctx.model.get('4lw.commands.whitelist');
  if (!entry) return [];
  const out: Finding[] = [];
  const known = Object.keys(FOUR_LETTER_WORDS);
  let at = 0;
  const words = entry.value.split(',');
  for (const raw of words) {
    const word = raw.trim();
    const start = at + raw.indexOf(word);
    at += raw.length + 1;
    if (!word || word === '*' || known.includes(word)) continue;
    const r = valueSpan(entry, start, start + word.length);
    const near = suggest(word, known, 2);
    out.push({
      rule: 'four-letter-words',
      severity: 'warning',
      message: `"${word}" is not a four-letter word${near.length ? `; did you mean ${near[0]}?` : ''}`,
      range: r,
      fixes: near.map((n, i) => ({ title: `Change to ${n}`, edits: [{ range: r, newText: n }], preferred: i === 0 })),
    });
  }
  const listed = words.map((w) => w.trim());
  if (listed.includes('*') && listed.length > 1) {
    out.push({
      rule: 'four-letter-words',
      severity: 'info',
      message: '* already allows every word; the others are redundant',
      range: entry.valueRange,
      fixes: [setValueFix(entry, '*', 'Keep only *')],
    });
  }
  const expensive = listed.filter((w) => w === 'wchc' || w === 'wchp');
  if (expensive.length) {
    out.push({
      rule: 'four-letter-words',
      severity: 'info',
      message: `${expensive.join(' and ')} walk every watch and can stall a busy server; allow them only when needed`,
      range: entry.valueRange,
    });
  }
  return out;
}

/** Without mntr and without the AdminServer, nothing can read a server's metrics. */
function monitoring(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  if (model.adminServerEnabled) return [];
  const words = whitelist(ctx);
  if (words?.has('mntr')) return [];
  const entry = model.get('4lw.commands.whitelist');
  const admin = model.get('admin.enableServer');
  if (entry) {
    const missing = ['mntr', 'ruok'].filter((w) => !words!.has(w));
    return [
      {
        rule: 'monitoring',
        severity: 'warning',
        message: `the AdminServer is off and the whitelist lacks ${missing.join(' and ')}: monitoring tools cannot read metrics or liveness`,
        range: entry.valueRange,
        fixes: [
          setValueFix(
            entry,
            [
              ...new Set([
                ...entry.value
                  .split(',')
                  .map((w) => w.trim())
                  .filter((w) => w),
                ...missing,
              ]),
            ].join(','),
            `Add ${missing.join(', ')}`,
            true,
          ),
        ],
      },
    ];
  }
  return [
    {
      rule: 'monitoring',
      severity: 'info',
      message:
        "the AdminServer is off and the four-letter-word whitelist is the default (srvr only): nothing can read this server's metrics (mntr)",
      range: admin ? admin.valueRange : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      fixes: [addLineFix(ctx, '4lw.commands.whitelist=srvr,ruok,mntr')],
    },
  ];
}

const SUPER_USER_KEYS = ['DigestAuthenticationProvider.superDigest', 'X509AuthenticationProvider.superUser', 'superUser'];

function reconfig(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const entry = model.get('reconfigEnabled');
  if (!entry || entry.value.toLowerCase() !== 'true') return [];
  const out: Finding[] = [];
  const superUser = SUPER_USER_KEYS.some((k) => model.has(k)) || model.entries.some((e) => /^superUser\./.test(e.key));
  if (model.value('skipACL') === 'yes') {
    out.push({
      rule: 'reconfig-auth',
      severity: 'warning',
      message: 'reconfigEnabled with skipACL=yes: any client that can connect may change the membership',
      range: entry.keyRange,
    });
  } else if (!superUser) {
    out.push({
      rule: 'reconfig-auth',
      severity: 'info',
      message:
        'reconfig needs the super user or a user with write access to /zookeeper/config; no super user is set here, ' +
        'so give one with -Dzookeeper.DigestAuthenticationProvider.superDigest or grant the ACL',
      range: entry.keyRange,
    });
  }
  const voters = model.membership.filter((s) => s.role === 'participant').length;
  if (model.bool('standaloneEnabled') !== false) {
    const fix = model.get('standaloneEnabled')
      ? setValueFix(model.get('standaloneEnabled')!, 'false', 'Set standaloneEnabled=false', true)
      : addLineFix(ctx, 'standaloneEnabled=false');
    out.push({
      rule: 'standalone',
      severity: voters === 1 ? 'warning' : 'info',
      message:
        voters === 1
          ? 'with standaloneEnabled=true a single server runs standalone and can never grow by reconfig; set standaloneEnabled=false'
          : 'with standaloneEnabled=true reconfig cannot shrink the ensemble below two voters; standaloneEnabled=false is recommended with reconfig',
      range: entry.keyRange,
      fixes: [fix],
    });
  }
  return out;
}

function skipAcl(ctx: RuleContext): Finding[] {
  const entry = ctx.model.get('skipACL');
  if (entry?.value !== 'yes') return [];
  return [
    {
      rule: 'unsafe',
      severity: 'warning',
      message: 'skipACL=yes turns off every ACL check: any client can read, change and delete everything',
      range: entry.valueRange,
    },
  ];
}

function quorumSasl(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const on = (k: string): boolean => model.value(k)?.toLowerCase() === 'true';
  const out: Finding[] = [];
  const server = model.get('quorum.auth.serverRequireSasl');
  const learner = model.get('quorum.auth.learnerRequireSasl');
  for (const e of [server, learner]) {
    if (e && on(e.key) && !on('quorum.auth.enableSasl')) {
      out.push({
        rule: 'sasl',
        severity: 'error',
        message: `${e.key} needs quorum.auth.enableSasl=true; ZooKeeper refuses to start`,
        range: e.keyRange,
        fixes: [addLineFix(ctx, 'quorum.auth.enableSasl=true')],
      });
    }
  }
  if (server && on(server.key) && !on('quorum.auth.learnerRequireSasl')) {
    out.push({
      rule: 'sasl',
      severity: 'error',
      message:
        'quorum.auth.serverRequireSasl needs quorum.auth.learnerRequireSasl=true, or this server could not join its own quorum; ZooKeeper refuses to start',
      range: server.keyRange,
    });
  }
  return out;
}

function tls(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const out: Finding[] = [];
  const secure = model.get('secureClientPort');
  const unified = model.value('client.portUnification')?.toLowerCase() === 'true';
  if ((secure && (model.int('secureClientPort') ?? 0) > 0) || unified) {
    const anchor = secure ?? model.get('client.portUnification')!;
    const factory = model.value('serverCnxnFactory');
    if (!factory || !/Netty/.test(factory)) {
      out.push({
        rule: 'tls',
        severity: 'warning',
        message:
          'TLS on the client port needs serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory (here or ' +
          'as -Dzookeeper.serverCnxnFactory); the NIO factory cannot do TLS',
        range: anchor.keyRange,
        fixes: [addLineFix(ctx, 'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory')],
      });
    }
    if (!model.has('ssl.keyStore.location') && !model.has('ssl.context.supplier.class')) {
      out.push({
        rule: 'tls',
        severity: 'warning',
        message:
          'TLS on the client port without ssl.keyStore.location: the server has no certificate to present unless it comes from -D options',
        range: anchor.keyRange,
      });
    }
  }
  const sslQuorum = model.get('sslQuorum');
  if (
    sslQuorum?.value.toLowerCase() === 'true' &&
    !model.has('ssl.quorum.keyStore.location') &&
    !model.has('ssl.quorum.context.supplier.class')
  ) {
    out.push({
      rule: 'tls',
      severity: 'warning',
      message:
        'sslQuorum=true without ssl.quorum.keyStore.location: servers have no certificate for quorum TLS unless it comes from -D options',
      range: sslQuorum.keyRange,
    });
  }
  for (const k of ['ssl.hostnameVerification', 'ssl.quorum.hostnameVerification']) {
    const e = model.get(k);
    if (e?.value.toLowerCase() === 'false')
      out.push({
        rule: 'tls',
        severity: 'warning',
        message: `${k}=false accepts any certificate for any host; meant for tests only`,
        range: e.valueRange,
      });
  }
  return out;
}

/** Settings kept for compatibility that a current config should drop or replace. */
function legacy(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const out: Finding[] = [];
  const election = model.get('electionAlg');
  if (election) {
    if (election.value === '3') {
      out.push({
        rule: 'deprecated',
        severity: 'info',
        message: 'electionAlg=3 is the only algorithm since 3.6.0; the line can go',
        range: election.keyRange,
        tags: ['unnecessary'],
      });
    } else if (/^\d+$/.test(election.value)) {
      out.push({
        rule: 'deprecated',
        severity: 'error',
        message: `electionAlg ${election.value} was deprecated in 3.4.0 and removed in 3.6.0: ZooKeeper refuses to start; use 3`,
        range: election.valueRange,
        tags: ['deprecated'],
        fixes: [setValueFix(election, '3', 'Use electionAlg=3', true)],
      });
    }
  }
  const sasl = model.get('sessionRequireClientSASLAuth');
  if (sasl) {
    out.push({
      rule: 'deprecated',
      severity: 'info',
      message: 'since 3.7.0 enforce.auth.enabled=true with enforce.auth.schemes=sasl says the same and allows other schemes',
      range: sasl.keyRange,
    });
  }
  return out;
}
