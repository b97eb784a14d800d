/** Bounded reads of files named on the command line (a file may be /dev/zero or a FIFO). */
import { promises as fs } from 'node:fs';
import { InputTooLargeError } from './command';

/** Reads at most `maxBytes` of a file (and says when there was more). */
export async function readCapped(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, size, buf.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) throw new InputTooLargeError(file, maxBytes);
    }
    return buf.subarray(0, size);
  } finally {
    await handle.close();
  }
}
