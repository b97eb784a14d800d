// `node controlClient.cjs <port> <action> <id>`: asks a test's member control server (see
// memberControl.ts) to act on a testbed member; exit 0 when it did, 1 when it refused or failed.
'use strict';
const http = require('node:http');
const [port, action, id] = process.argv.slice(2);
const req = http.get({ host: '127.0.0.1', port: Number(port), path: `/${action}/${id}`, timeout: 120000 }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (t) => (body += t));
  res.on('end', () => {
    process.stdout.write(`${body}\n`);
    process.exit(res.statusCode === 200 ? 0 : 1);
  });
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
