import { expect, it } from 'vitest';
import { migrate, migrateDown, migrationStatus, openDatabase } from '../../server/db/index';
import { describePostgres, withFreshDatabase } from './support/postgres';

/**
 * The same migrations and a workflow round-trip against a real PostgreSQL, in a database this test
 * creates and drops. Set MUSUBI_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)
 * to run it; CI (.ci/run) sets it and this file fails there without it.
 */
describePostgres('PostgreSQL', (admin) => {
  it('runs the migrations and round-trips a workflow with a published version', async () => {
    await withFreshDatabase(admin, 'musubi_test', async (url) => {
      const db = await openDatabase({ url });
      try {
        expect(db.dialect).toBe('postgres');
        const ran = await migrate(db);
        expect(ran[0]).toBe('0001_core');
        expect((await migrationStatus(db)).pending).toEqual([]);

        const { User, Workflow, WorkflowVersion } = db.models;
        const user = await User.create({ email: 'pg@example.com', passwordHash: 'x', role: 'owner' });
        const draft = {
          schemaVersion: 1,
          id: 'wf_pg',
          name: '見積もり',
          nodes: [],
          edges: [],
          notes: [],
          settings: {},
        };
        await Workflow.create({ id: 'wf_pg', name: draft.name, draft, createdBy: user.id });
        await WorkflowVersion.create({
          workflowId: 'wf_pg',
          version: 1,
          document: draft,
          warnings: [],
          publishedBy: user.id,
        });
        await expect(
          WorkflowVersion.create({ workflowId: 'wf_pg', version: 1, document: draft }),
        ).rejects.toThrow();
        const loaded = await Workflow.findByPk('wf_pg');
        expect(loaded?.draft).toEqual(draft);
        const version = await WorkflowVersion.findOne({ where: { workflowId: 'wf_pg', version: 1 } });
        expect(version?.document).toEqual(draft);
        await loaded?.destroy();
        expect(await WorkflowVersion.count()).toBe(0);

        await migrateDown(db, { to: 0 });
        expect(await db.sequelize.getQueryInterface().showAllTables()).not.toContain('workflows');
      } finally {
        await db.close();
      }
    });
  });
});
