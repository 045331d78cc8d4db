import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import type { CrmPipelineModelLike } from './types';
import type { ShareSettingsModel } from '../db/models/sharing/index';
import { bodyChecker } from '../http/body';
import { CONTACT_SUB_FIELDS, DEFAULT_SHARED_FIELDS, shareableFields } from './fields';
import type { ShareableField } from './fields';
import { pipelineNotFound, sharingError } from './errors';

const permissionsSchema = Type.Object(
  {
    fields: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 200 })),
    contactFields: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    stageIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    orgName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    pageTitle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    hideHistory: Type.Optional(Type.Boolean()),
    access: Type.Optional(Type.Union([Type.Literal('otp'), Type.Literal('open')])),
  },
  { additionalProperties: false },
);
const readPermissions = bodyChecker(permissionsSchema);
export type SharePermissionsInput = Static<typeof permissionsSchema>;

/** The settings screen's data: the switch, what is selected, and everything that can be. */
export interface ShareSettingsView {
  pipelineId: string;
  enabled: boolean;
  fields: string[];
  contactFields: string[];
  stageIds: string[];
  orgName: string | null;
  pageTitle: string | null;
  hideHistory: boolean;
  access: 'otp' | 'open';
  hasLogo: boolean;
  /** Contact sub-fields are only shown behind OTP; the editor disables them while access is open. */
  contactFieldsAvailable: boolean;
  available: {
    fields: ShareableField[];
    contactFields: typeof CONTACT_SUB_FIELDS;
    stages: Array<{ id: string; name: string }>;
  };
}

/** Accepted logo types, recognised by their first bytes rather than by what the client claims. */
const LOGO_SIGNATURES: ReadonlyArray<{ type: string; bytes: number[]; offset?: number }> = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
];
/** 256 KB: a logo, not a photo album. */
export const MAX_LOGO_BYTES = 256 * 1024;

/** Reads a pipeline's sharing settings; the defaults (off, OTP, name and stage) until saved. */
export class ShareSettingsService {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  /** The stored row, or an unsaved one with the defaults. */
  async row(pipelineId: string): Promise<ShareSettingsModel> {
    const models = this.deps.db.models;
    const found = await models.ShareSettings.findByPk(pipelineId);
    if (found) return found;
    const stages = await models.CrmStage.findAll({ where: { pipelineId }, order: [['position', 'ASC']] });
    return models.ShareSettings.build({
      pipelineId,
      enabled: false,
      fields: [...DEFAULT_SHARED_FIELDS],
      contactFields: [],
      stageIds: stages.map((stage) => stage.id),
      orgName: null,
      pageTitle: null,
      hideHistory: false,
      access: 'otp',
      updatedAt: this.deps.clock.now(),
    });
  }

  private async pipeline(pipelineId: string): Promise<CrmPipelineModelLike> {
    const pipeline = await this.deps.db.models.CrmPipeline.findByPk(pipelineId);
    if (!pipeline) throw pipelineNotFound(pipelineId);
    return pipeline;
  }

  async view(pipelineId: string): Promise<ShareSettingsView> {
    const pipeline = await this.pipeline(pipelineId);
    const row = await this.row(pipelineId);
    const stages = await this.deps.db.models.CrmStage.findAll({
      where: { pipelineId },
      order: [['position', 'ASC']],
    });
    return {
      pipelineId,
      enabled: row.enabled,
      fields: row.fields,
      contactFields: row.contactFields,
      stageIds: row.stageIds,
      orgName: row.orgName,
      pageTitle: row.pageTitle,
      hideHistory: row.hideHistory,
      access: row.access,
      hasLogo: row.logo !== null && row.logo !== undefined,
      contactFieldsAvailable: row.access === 'otp',
      available: {
        fields: shareableFields({ module: pipeline.module, customFields: pipeline.customFields }),
        contactFields: CONTACT_SUB_FIELDS,
        stages: stages.map((stage) => ({ id: stage.id, name: stage.name })),
      },
    };
  }

  /** Saves the permissions and customisation given; unknown field keys or stages are refused. */
  async update(pipelineId: string, body: unknown): Promise<ShareSettingsView> {
    const input = readPermissions(body);
    const view = await this.view(pipelineId);
    const knownFields = new Set(view.available.fields.map((field) => field.key));
    const knownContact = new Set(view.available.contactFields.map((field) => field.key));
    const knownStages = new Set(view.available.stages.map((stage) => stage.id));
    const unknown = [
      ...(input.fields ?? []).filter((key) => !knownFields.has(key)),
      ...(input.contactFields ?? []).filter((key) => !knownContact.has(key)),
      ...(input.stageIds ?? []).filter((id) => !knownStages.has(id)),
    ];
    if (unknown.length > 0) {
      throw sharingError({
        status: 400,
        code: 'invalid_request',
        message: {
          ja: `このパイプラインにない項目です: ${unknown.join(', ')}`,
          en: `Not part of this pipeline: ${unknown.join(', ')}`,
        },
      });
    }
    const row = await this.row(pipelineId);
    row.set({
      ...(input.fields === undefined ? {} : { fields: [...new Set(input.fields)] }),
      ...(input.contactFields === undefined ? {} : { contactFields: [...new Set(input.contactFields)] }),
      ...(input.stageIds === undefined ? {} : { stageIds: [...new Set(input.stageIds)] }),
      ...(input.orgName === undefined ? {} : { orgName: blankToNull(input.orgName) }),
      ...(input.pageTitle === undefined ? {} : { pageTitle: blankToNull(input.pageTitle) }),
      ...(input.hideHistory === undefined ? {} : { hideHistory: input.hideHistory }),
      ...(input.access === undefined ? {} : { access: input.access }),
      updatedAt: this.deps.clock.now(),
    });
    await row.save();
    return this.view(pipelineId);
  }

  /** Stores the logo after checking its size and that its bytes really are a PNG, JPEG, GIF or WebP. */
  async setLogo(pipelineId: string, bytes: Buffer): Promise<ShareSettingsView> {
    await this.pipeline(pipelineId);
    if (bytes.length === 0 || bytes.length > MAX_LOGO_BYTES) {
      throw sharingError({
        status: 413,
        code: 'logo_too_large',
        message: {
          ja: 'ロゴは 256 KB 以下の画像にしてください。',
          en: 'The logo must be an image of 256 KB or less.',
        },
      });
    }
    const type = logoType(bytes);
    if (!type) {
      throw sharingError({
        status: 415,
        code: 'logo_type',
        message: {
          ja: 'ロゴは PNG、JPEG、GIF、WebP のいずれかにしてください。',
          en: 'The logo must be a PNG, JPEG, GIF or WebP image.',
        },
      });
    }
    const row = await this.row(pipelineId);
    row.set({ logo: bytes, logoType: type, updatedAt: this.deps.clock.now() });
    await row.save();
    return this.view(pipelineId);
  }

  async removeLogo(pipelineId: string): Promise<ShareSettingsView> {
    const row = await this.row(pipelineId);
    row.set({ logo: null, logoType: null, updatedAt: this.deps.clock.now() });
    await row.save();
    return this.view(pipelineId);
  }

  /** Switches the pipeline's sharing flag; links are handled by the share service. */
  async setEnabled(pipelineId: string, enabled: boolean): Promise<void> {
    await this.pipeline(pipelineId);
    const row = await this.row(pipelineId);
    row.set({ enabled, updatedAt: this.deps.clock.now() });
    await row.save();
  }
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length === 0 ? null : trimmed;
}

/** The image type the bytes start like, or undefined. */
export function logoType(bytes: Buffer): string | undefined {
  return LOGO_SIGNATURES.find(({ bytes: signature, offset = 0 }) =>
    signature.every((byte, index) => bytes[offset + index] === byte),
  )?.type;
}
