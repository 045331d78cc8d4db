import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../../../server/db/index';
import type { Database } from '../../../server/db/index';

export interface TempDatabase {
  db: Database;
  dir: string;
  /** Closes the database and removes its folder. */
  dispose(): Promise<void>;
}

/** A migrated SQLite database in a fresh temp folder, for one test file or test. */
export async function openTempDatabase(): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-test-'));
  const db = await openDatabase({ url: `sqlite:${path.join(dir, 'musubi.sqlite')}` });
  await migrate(db);
  return {
    db,
    dir,
    dispose: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
