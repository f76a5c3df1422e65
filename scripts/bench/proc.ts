import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Linux /proc readers for the bench: a process tree, its resident memory, and which process owns a
 * loopback TCP connection. Synchronous on purpose: each call reads a few small files and is made from
 * a timer or a connection event, where a consistent snapshot matters more than a few microseconds.
 */

export const PROC_AVAILABLE = (() => {
  try {
    readFileSync('/proc/self/status', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading: normal
  }
}

function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Parent pid from /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

/**
 * Children of `pid` from /proc/<pid>/task/<tid>/children (every thread: any of them may have forked),
 * or undefined where the kernel does not offer that file.
 */
function childrenOf(pid: number): number[] | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tasks) {
    const list = read(`/proc/${pid}/task/${tid}/children`);
    if (list === undefined) {
      if (read(`/proc/${pid}/stat`) === undefined) return []; // the process has just ended
      return undefined;
    }
    for (const child of list.trim().split(/\s+/)) if (child !== '') children.push(Number(child));
  }
  return children;
}

/** `root` and all its living descendants. */
export function processTree(root: number): number[] {
  if (read(`/proc/${root}/stat`) === undefined) return [];
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const children = childrenOf(pid);
    if (children === undefined) return processTreeByScan(root);
    tree.push(pid);
    pending.push(...children);
  }
  return tree;
}

/** The slower way, listing every process: for kernels without the `children` file. */
function processTreeByScan(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of listPids()) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (read(`/proc/${pid}/stat`) === undefined) continue;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident set size in bytes (VmRSS), or undefined if the process is gone. */
export function residentBytes(pid: number): number | undefined {
  const status = read(`/proc/${pid}/status`);
  const match = status?.match(/^VmRSS:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Proportional set size in bytes: resident memory with each shared page divided among the processes
 * sharing it, so a tree's PSS adds up to what it really occupies. Costs a page-table walk (milliseconds
 * for a large process), hence sampled less often than RSS.
 */
export function proportionalBytes(pid: number): number | undefined {
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  const match = rollup?.match(/^Pss:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * The socket inodes of IPv4 loopback connections, by the client's port, read from one snapshot of
 * /proc/net/tcp (addresses are hex, ports big-endian hex). Only connections to `serverPort`.
 */
export function socketInodes(clientPorts: readonly number[], serverPort: number): Map<number, number> {
  const found = new Map<number, number>();
  const table = read('/proc/net/tcp');
  if (table === undefined) return found;
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const wanted = new Map(clientPorts.map((port) => [hex(port), port]));
  const remote = hex(serverPort);
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!fields[2]?.endsWith(remote)) continue;
    const port = wanted.get(fields[1]?.slice(fields[1].lastIndexOf(':')) ?? '');
    if (port !== undefined) found.set(port, Number(fields[9]));
  }
  return found;
}

/** Which of `candidates` holds a file descriptor on each socket inode: every process's fds read once. */
export function socketOwners(inodes: Iterable<number>, candidates: readonly number[]): Map<number, number> {
  const wanted = new Map([...inodes].map((inode) => [`socket:[${inode}]`, inode]));
  const owners = new Map<number, number>();
  for (const pid of candidates) {
    if (owners.size === wanted.size) break;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue; // closed meanwhile
      }
      const inode = wanted.get(target);
      if (inode !== undefined) owners.set(inode, pid);
    }
  }
  return owners;
}
