import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where a ZooKeeper server's jars come from, and the Java class path built from them. */
export interface ZooKeeperInstall {
  readonly source: string;
  readonly classPath: string;
}

const DEBIAN_JARS = '/usr/share/java';

/** What to tell a user whose machine has no ZooKeeper. */
export const INSTALL_HINT =
  "ZooKeeper not found. Install Debian's package (as root: apt-get install -y zookeeper) " +
  'or set ZOOKEEPER_HOME to an Apache ZooKeeper binary release.';

function jarsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jar'))
    .map((name) => path.join(dir, name));
}

/**
 * Locates the server jars: `ZOOKEEPER_HOME` (an Apache release: lib/*.jar) when set, else Debian's
 * package. Debian's jar names its dependencies in its manifest but has no logging binding and no
 * servlet API, so both are added: without the servlet API the AdminServer does not start. Its
 * manifest also lacks netty-codec (and netty-resolver): a secure client port then fails every
 * handshake with NoClassDefFoundError io/netty/handler/codec/ByteToMessageDecoder.
 */
export function findZooKeeper(env: NodeJS.ProcessEnv = process.env): ZooKeeperInstall {
  const home = env.ZOOKEEPER_HOME;
  if (home) {
    const jars = [...jarsIn(home), ...jarsIn(path.join(home, 'lib'))];
    if (!jars.some((jar) => /zookeeper-\d.*\.jar$/.test(path.basename(jar)))) {
      throw new Error(`ZOOKEEPER_HOME=${home} holds no zookeeper-<version>.jar (looked in it and in lib/)`);
    }
    return { source: home, classPath: jars.join(':') };
  }
  const server = path.join(DEBIAN_JARS, 'zookeeper.jar');
  if (!fs.existsSync(server)) throw new Error(INSTALL_HINT);
  const extras = ['slf4j-simple.jar', 'servlet-api.jar', 'netty-codec.jar', 'netty-resolver.jar']
    .map((name) => path.join(DEBIAN_JARS, name))
    .filter((jar) => fs.existsSync(jar));
  return { source: DEBIAN_JARS, classPath: [server, ...extras].join(':') };
}
