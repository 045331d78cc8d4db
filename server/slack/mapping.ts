import { randomUUID } from 'node:crypto';
import type { Localized } from '../../runtime/model/localized';
import type { Database } from '../db/index';
import type { MappingMode } from './settings';

/** The key of the single row of mode A ("all departments → one channel"). */
export const ALL_DEPARTMENTS = '*';

export interface MappingEntry {
  departmentId: string;
  channelId: string;
  channelName: string;
}

export interface MappingProblem {
  code: 'department_in_two_channels' | 'one_channel_expected' | 'unknown_department';
  departmentId?: string;
  channels?: string[];
  message: Localized;
}

/**
 * Checks a mapping before it is saved. Mode A takes exactly one entry (every department); mode B
 * lets several departments share a channel but never one department go to two channels: that
 * problem names the department and both channels, so the admin sees which choice to undo.
 */
export function validateMapping(options: {
  mode: MappingMode;
  entries: readonly MappingEntry[];
  departments: ReadonlyMap<string, string>;
}): MappingProblem[] {
  const { mode, entries } = options;
  if (mode === 'all') {
    const channels = new Set(entries.map((entry) => entry.channelId));
    if (channels.size > 1) {
      return [
        {
          code: 'one_channel_expected',
          channels: entries.map((entry) => `#${entry.channelName}`),
          message: {
            ja: '「すべての部門を 1 つのチャンネルへ」では、チャンネルを 1 つだけ選んでください。',
            en: '"All departments to one channel" takes exactly one channel.',
          },
        },
      ];
    }
    return [];
  }
  const problems: MappingProblem[] = [];
  const chosen = new Map<string, MappingEntry>();
  for (const entry of entries) {
    const name = options.departments.get(entry.departmentId);
    if (name === undefined) {
      problems.push({
        code: 'unknown_department',
        departmentId: entry.departmentId,
        message: {
          ja: `部門「${entry.departmentId}」はありません。`,
          en: `There is no department "${entry.departmentId}".`,
        },
      });
      continue;
    }
    const earlier = chosen.get(entry.departmentId);
    if (earlier && earlier.channelId !== entry.channelId) {
      const channels = [`#${earlier.channelName}`, `#${entry.channelName}`];
      problems.push({
        code: 'department_in_two_channels',
        departmentId: entry.departmentId,
        channels,
        message: {
          ja: `部門「${name}」を 2 つのチャンネル（${channels.join('、')}）に関連付けることはできません。1 つを選んでください。`,
          en: `The department "${name}" cannot map to two channels (${channels.join(' and ')}). Choose one.`,
        },
      });
      continue;
    }
    chosen.set(entry.departmentId, entry);
  }
  return problems;
}

/** Replaces a workspace's mapping (validated first by the caller). */
export async function saveMapping(options: {
  db: Database;
  workspaceId: string;
  mode: MappingMode;
  entries: readonly MappingEntry[];
}): Promise<void> {
  const { SlackChannelMapping } = options.db.models;
  const unique = new Map<string, MappingEntry>();
  for (const entry of options.entries) {
    unique.set(options.mode === 'all' ? ALL_DEPARTMENTS : entry.departmentId, entry);
  }
  await options.db.sequelize.transaction(async (transaction) => {
    await SlackChannelMapping.destroy({ where: { connectionId: options.workspaceId }, transaction });
    for (const [departmentKey, entry] of unique) {
      await SlackChannelMapping.create(
        {
          id: randomUUID(),
          connectionId: options.workspaceId,
          departmentKey,
          channelId: entry.channelId,
          channelName: entry.channelName,
        },
        { transaction },
      );
    }
  });
}

/** The channel a department's events go to in a workspace, or undefined when it is not mapped. */
export async function channelFor(options: {
  db: Database;
  workspaceId: string;
  mode: MappingMode;
  departmentId: string | null | undefined;
}): Promise<{ channelId: string; channelName: string } | undefined> {
  const key = options.mode === 'all' ? ALL_DEPARTMENTS : options.departmentId;
  if (!key) return undefined;
  const row = await options.db.models.SlackChannelMapping.findOne({
    where: { connectionId: options.workspaceId, departmentKey: key },
  });
  return row ? { channelId: row.channelId, channelName: row.channelName } : undefined;
}

/** The whole mapping of a workspace, for the settings screen. */
export async function listMapping(options: { db: Database; workspaceId: string }): Promise<MappingEntry[]> {
  const rows = await options.db.models.SlackChannelMapping.findAll({
    where: { connectionId: options.workspaceId },
    order: [['departmentKey', 'ASC']],
  });
  return rows.map((row) => ({
    departmentId: row.departmentKey,
    channelId: row.channelId,
    channelName: row.channelName,
  }));
}
