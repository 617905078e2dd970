import fs from 'node:fs';
import path from 'node:path';

/** The embedded store's data folder is held by another running process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dir} is in use by a running Sotong (pid ${pid}); the embedded store can be opened by one process only: stop it first, or run this command against PostgreSQL (DATABASE_URL)`);
    this.name = 'DataDirLockedError';
  }
}

export const LOCK_FILE = 'sotong.lock';

/** Whether a process with this id is running (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders this process holds (a second open in the same process is refused too: PGlite would corrupt it the same way). */
const held = new Set<string>();

/**
 * Takes the data folder for this process: `sotong.lock` holds the pid. A lock left by a process that
 * is gone (it crashed, the machine restarted) is taken over; a lock of a running process is refused
 * with DataDirLockedError. Returns the release function (idempotent).
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const abs = path.resolve(dir);
  const file = path.join(abs, LOCK_FILE);
  if (held.has(abs)) throw new DataDirLockedError(dir, process.pid);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      let pid = NaN;
      try {
        pid = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid);
      } catch {
        // Unreadable or half-written: a crash while writing it. Treat as stale.
      }
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dir, pid);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  held.add(abs);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(abs);
    try {
      const owner = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid);
      if (owner === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
