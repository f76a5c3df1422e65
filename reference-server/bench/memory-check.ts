import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ADMIN, Client, freePort, login, PROJECT_DIR, request, uniqueName } from '../test/helpers.js';

/**
 * Memory check: 10 000 mixed requests leave the server's resident size within 20 % of where it was
 * after the first 1 000. The server runs in its own process (the real CLI), so only its memory is
 * read. A measurement, not a unit test (it takes ~40 s here): `npx tsx reference-server/bench/memory-check.ts`.
 * Exits 1 when RSS moved more than 20 %.
 */

function residentKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
}

async function main(): Promise<number> {
  {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
      cwd: PROJECT_DIR,
      env: { ...process.env, RC_REFERENCE_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      for (let i = 0; ; i++) {
        try {
          if ((await request(`${url}/api/info`)).status === 200) break;
        } catch {
          if (i > 300) throw new Error('server did not start');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      const admin = await login(url, ADMIN.username, ADMIN.password);
      const anonymous = new Client(url);
      const channel = (await admin.post('/api/v1/channels.create', { name: uniqueName('memory') })).body
        .channel;
      // One "mixed" request by index: reads, 401s, 400s, messages, room create/delete, login/logout.
      const one = async (i: number): Promise<void> => {
        switch (i % 10) {
          case 0:
            await admin.roomsGet();
            break;
          case 1:
            await admin.roomsGet(new Date(Date.now() - 1000));
            break;
          case 2:
            await anonymous.roomsGet();
            break;
          case 3:
            await admin.roomsGet('not-a-date');
            break;
          case 4:
            await admin.post('/api/v1/chat.postMessage', { roomId: channel._id, text: `message ${i}` });
            break;
          case 5: {
            const created = await admin.post('/api/v1/groups.create', { name: uniqueName('memory') });
            await admin.post('/api/v1/groups.delete', { roomId: created.body.group._id });
            break;
          }
          case 6: {
            // Logins are rate limited per IP (admins too: nobody is known before login), so each comes from its own.
            const loggedIn = await request(`${url}/api/v1/login`, {
              body: { user: ADMIN.username, password: ADMIN.password },
              headers: { 'X-Real-IP': `10.0.${Math.floor(i / 250)}.${i % 250}` },
            });
            await new Client(url, loggedIn.body.data).post('/api/v1/logout');
            break;
          }
          case 7:
            await request(`${url}/api/info`);
            break;
          case 8:
            await admin.get('/api/v1/me');
            break;
          default:
            await request(`${url}/api/v1/no-such-endpoint`);
        }
      };
      const run = async (from: number, to: number): Promise<void> => {
        let next = from;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < to) await one(next++);
          }),
        );
      };
      await run(0, 1000);
      const afterFirstThousand = residentKb(child.pid as number);
      await run(1000, 10_000);
      const afterAll = residentKb(child.pid as number);
      const change = (afterAll - afterFirstThousand) / afterFirstThousand;
      console.log(
        `RSS after 1 000 requests: ${(afterFirstThousand / 1024).toFixed(1)} MiB; after 10 000: ${(afterAll / 1024).toFixed(1)} MiB (${(change * 100).toFixed(1)} %)`,
      );
      return Math.abs(change) <= 0.2 ? 0 : 1;
    } finally {
      child.kill('SIGTERM');
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
