import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ensureOwnerFromEnv } from './auth/users';
import { loadConfig } from './config';
import type { Config } from './config';
import { migrate, openDatabase } from './db/index';
import type { Database } from './db/index';
import { createServices } from './services';
import type { Services } from './services';

/** How long in-flight requests get to finish at shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  config: Config;
  db: Database;
  services: Services;
  server: Server;
  /** Stops taking requests, lets in-flight ones finish, runs the stop hooks, closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the database, runs migrations, creates the owner from env when asked, and listens on
 * HOST:PORT. Returns once the server accepts connections.
 */
export async function startServer(options: { config?: Config } = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const db = await openDatabase({ url: config.databaseUrl });
  try {
    await migrate(db);
    await ensureOwnerFromEnv({ db, email: config.ownerEmail, password: config.ownerPassword });
  } catch (error) {
    await db.close();
    throw error;
  }
  const services = createServices({ db, config });
  const app = createApp({ db, config, services });
  const server = await listen({ app, host: config.host, port: config.port });
  const address = server.address();
  const port =
    typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  await services.lifecycle.start();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await closeServer(server);
      await services.lifecycle.stop();
      services.mail.close();
      await db.close();
    })();
    return stopping;
  };
  return { url, config, db, services, server, stop };
}

function listen(options: { app: ReturnType<typeof createApp>; host: string; port: number }): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = options.app.listen(options.port, options.host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
    server.once('error', reject);
  });
}

/** Stops accepting, closes idle keep-alive connections now, and cuts the rest after the grace period. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * `npm start` / `npx musubi start`: starts the server, prints its URL, and on SIGTERM or SIGINT
 * stops gracefully (a second signal exits at once). Resolves once the server has stopped.
 */
export async function main(options: { config?: Config; print?: (line: string) => void } = {}): Promise<void> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const running = await startServer(options.config ? { config: options.config } : {});
  print(`Musubi is running at ${running.url}  (Musubi が起動しました: ${running.url})`);
  if (running.config.publicUrl !== running.url) print(`Public URL: ${running.config.publicUrl}`);
  await new Promise<void>((resolve, reject) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) process.exit(1);
      signalled = true;
      print(`${signal}: shutting down… (停止しています…)`);
      running.stop().then(
        () => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          print('Stopped. (停止しました)');
          resolve();
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
