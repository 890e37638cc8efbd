/** The live child processes of a process, read from /proc (Linux), for cluster tests. */
import fs from 'node:fs';

/** Pids of `parentPid`'s children whose command line contains `marker`. */
export function childPids(parentPid: number, marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (commandLine.includes(marker)) pids.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}
