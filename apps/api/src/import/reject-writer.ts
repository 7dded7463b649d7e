import { createWriteStream, WriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { FieldProblem } from '../common/app-error';
import { SourceRow } from './sources';

/**
 * The rejects file: one JSON line per refused row, `{"row", "problems": [{field, rule,
 * message}], "touchpoint"}`, so the rows can be found, fixed and imported again (the fixed file is
 * a new file: its ids differ). Made only when a row is refused; a stale one of an earlier run of
 * the same import is removed first, as the run reads every row again.
 */
export class RejectWriter {
  private out: WriteStream | null = null;
  count = 0;

  constructor(readonly path: string) {}

  async start(): Promise<void> {
    // Only a file: `--rejects /dev/null` is a fair way to say "none wanted".
    const found = await stat(this.path).catch(() => null);
    if (found?.isFile()) await rm(this.path);
  }

  async write(row: SourceRow, problems: readonly (FieldProblem | string)[]): Promise<void> {
    this.out ??= createWriteStream(this.path, { flags: 'w' });
    this.count++;
    const line = JSON.stringify({
      row: row.row,
      problems: problems.map((p) =>
        typeof p === 'string'
          ? { field: '', rule: 'unreadable', message: p }
          : { field: p.field, rule: p.rule, message: p.message },
      ),
      ...(row.value ? { touchpoint: row.value } : {}),
    });
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    this.out = null;
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
