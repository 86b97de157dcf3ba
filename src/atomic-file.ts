// Writes a file so that a crash, a kill or a power cut at any moment leaves either the old file or
// the new one, never a torn mix: write a temporary file beside it, fsync it, rename it over the
// old one, fsync the folder (so the rename itself survives a power cut). Used for the caches under
// DATA_DIR, which are rewritten while the bot runs.
import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with what `write` writes into the handle it is given. On failure the old file
 * is untouched (and the temporary one removed). Temporary files that a killed process left
 * beside `file` are removed first.
 *
 * @example await writeFileAtomically('data/search-index.bin', async (handle) => { await handle.write(bytes); });
 */
export async function writeFileAtomically(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  await removeStaleTemporaries(file);
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await write(handle);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await syncFolder(path.dirname(file));
}

/** Makes a rename in `folder` durable; some filesystems cannot fsync a folder, which only costs that guarantee. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // EINVAL/EISDIR/EPERM on filesystems without folder fsync.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** `<file>.<pid>.tmp` of processes that no longer run (a crash mid-write); another live process's is left alone. */
async function removeStaleTemporaries(file: string): Promise<void> {
  const base = path.basename(file);
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.tmp$`);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await unlink(path.join(path.dirname(file), name)).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
