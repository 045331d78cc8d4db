import { createDefaultRegistry } from '../../nodes/index';
import { silentLogger } from '../../runtime/ports/logger';
import { systemClock } from '../adapters/system-clock';
import { loadConfig } from '../config';
import { crmServicesFor } from '../crm/context';
import { SAMPLE_PARTS, loadSampleWorkspace, type SamplePart } from '../crm/sample';
import { migrate, openDatabase } from '../db/index';
import { parseCommandArgs, type CliCommand } from './support/command';

const PART_LABELS: Record<SamplePart, { ja: string; en: string }> = {
  connections: { ja: '連携', en: 'connections' },
  pipelines: { ja: 'パイプライン', en: 'pipelines' },
  departments: { ja: '部門', en: 'departments' },
  agents: { ja: '担当者', en: 'agents' },
  records: { ja: 'レコード', en: 'records' },
  listMembers: { ja: '配信リストのメンバー', en: 'list members' },
  workflows: { ja: 'ワークフロー', en: 'workflows' },
  automations: { ja: 'ステージの自動処理', en: 'stage automations' },
};

/** `musubi sample`: loads the sample workspace into the database (twice changes nothing). */
export const command: CliCommand = {
  name: 'sample',
  summary: { ja: 'サンプルのワークスペースを読み込む', en: 'Load the sample workspace' },
  usage: 'musubi sample',
  details: {
    ja: 'パイプライン（商談・サポート）、部門と担当者、約 20 件のレコード、例のワークフローを追加します。\n2 回読み込んでも重複しません。DATABASE_URL / MUSUBI_DATA_DIR のデータベースを使います。',
    en: 'Adds pipelines (sales, support), departments and agents, about 20 records and example workflows.\nLoading it twice duplicates nothing. Uses the database of DATABASE_URL / MUSUBI_DATA_DIR.',
  },
  async run(ctx) {
    parseCommandArgs({ command, args: ctx.args, options: {} });
    const config = loadConfig(ctx.env);
    const db = await openDatabase({ url: config.databaseUrl });
    try {
      await migrate(db);
      const owner = await db.models.User.findOne({ where: { role: 'owner' }, order: [['createdAt', 'ASC']] });
      const crm = crmServicesFor({
        db,
        clock: systemClock,
        logger: silentLogger,
        secretKey: config.secretKey,
      });
      const result = await loadSampleWorkspace({
        crm,
        registry: createDefaultRegistry(),
        userId: owner?.id ?? null,
      });
      for (const part of SAMPLE_PARTS) {
        const label = PART_LABELS[part][ctx.lang];
        const { added, existing } = { added: result.added[part], existing: result.existing[part] };
        ctx.stdout(
          ctx.lang === 'ja'
            ? `${label}: 追加 ${added} 件、既存 ${existing} 件`
            : `${label}: ${added} added, ${existing} already there`,
        );
      }
      for (const draft of result.drafts) {
        ctx.stdout(
          ctx.lang === 'ja'
            ? `ワークフロー ${draft.id} は下書きのままです: ${draft.problems.join(' / ')}`
            : `Workflow ${draft.id} stays a draft: ${draft.problems.join(' / ')}`,
        );
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
