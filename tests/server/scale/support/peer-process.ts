import fs from 'node:fs';

/**
 * Which local process holds the client end of a TCP connection to us, from /proc (Linux): the row
 * of /proc/net/tcp whose local port is the client's gives the socket inode, and the process whose
 * fd table links to `socket:[inode]` owns it. Lets the side-effect emulator tell which worker
 * called it. Undefined when /proc is not there or the socket is already gone.
 */
export function pidOfPeer(input: {
  clientPort: number;
  serverPort: number;
  pids: number[];
}): number | undefined {
  const inode = socketInode(input.clientPort, input.serverPort);
  if (inode === undefined) return undefined;
  const target = `socket:[${inode}]`;
  for (const pid of input.pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

function socketInode(clientPort: number, serverPort: number): string | undefined {
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const remote = fields[2];
      const inode = fields[9];
      if (!local || !remote || !inode) continue;
      if (portOf(local) === clientPort && portOf(remote) === serverPort && inode !== '0') return inode;
    }
  }
  return undefined;
}

function portOf(address: string): number {
  return parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}
