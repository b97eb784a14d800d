import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../src/core/config/lint';
import { EnsembleConfigOptions, MemberSpec, renderZooCfg } from '../../src/core/testbed/zooCfg';

/** Members as Testbed.start lays them out: distinct loopback ports, observers take the highest ids. */
function members(size: number, observers: number, adminServer: boolean): MemberSpec[] {
  return Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    observer: i >= size - observers,
    ports: { client: 21810 + i * 4, quorum: 21811 + i * 4, election: 21812 + i * 4, admin: adminServer ? 21813 + i * 4 : 0 },
  }));
}

describe('configs the testbed generates', () => {
  it('lint with nothing above info for every option combination', () => {
    let checked = 0;
    for (const [size, observers] of [
      [1, 0],
      [3, 0],
      [3, 1],
      [5, 0],
      [5, 2],
    ] as const) {
      for (const fourLetterWords of ['all', 'default'] as const) {
        for (const adminServer of [true, false]) {
          for (const reconfig of [false, true]) {
            for (const tickTime of [2000, 1000]) {
              for (const extra of [{}, { enforceQuota: 'true' }] as Record<string, string>[]) {
                const options: EnsembleConfigOptions = { fourLetterWords, adminServer, reconfig, tickTime, extra };
                const specs = members(size, observers, adminServer);
                for (const member of specs) {
                  const text = renderZooCfg(member, specs, `/tmp/zkops-testbed/s${member.id}/data`, options);
                  const serious = lintText(text, { fileName: 'zoo.cfg' }).filter((f) => f.severity !== 'info');
                  assert.deepEqual(serious, [], `size ${size}/${observers} obs, ${JSON.stringify(options)}, member ${member.id}:\n${text}`);
                  checked++;
                }
              }
            }
          }
        }
      }
    }
    assert.equal(checked, (1 + 3 + 3 + 5 + 5) * 2 * 2 * 2 * 2 * 2);
  });

  it('still sees what matters in a testbed config: its three voters and their ports', () => {
    const specs = members(3, 0, true);
    const text = renderZooCfg(specs[0]!, specs, '/tmp/d', {
      fourLetterWords: 'all',
      adminServer: true,
      reconfig: false,
      tickTime: 2000,
      extra: {},
    });
    // Point member 1's AdminServer at member 2's election port: a real collision must surface.
    const clashing = text.replace(/admin\.serverPort=\d+/, `admin.serverPort=${specs[1]!.ports.election}`);
    const findings = lintText(clashing).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.rule}`),
      ['warning port-collision'],
    );
  });
});
