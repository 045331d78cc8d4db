import type { PipelineModule } from '../../runtime/ports/crm';
import type { CustomFieldDefinition } from '../db/models/crm/index';

/** The parts of a pipeline row sharing reads. */
export interface CrmPipelineModelLike {
  id: string;
  module: PipelineModule;
  customFields: CustomFieldDefinition[];
}
