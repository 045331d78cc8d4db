import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import '@xyflow/react/dist/style.css';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { RunState } from '../../runtime/model/run';
import { errorMessage } from '../api/client';
import { fetchNodeTypes, getExecution, getVersion, getWorkflow } from '../api/endpoints';
import type { WorkflowDetail } from '../api/types';
import { currentLanguage } from '../i18n/index';
import { documentToFlow, flowToDocument } from '../store/convert';
import { journal, type JournalEntry } from '../store/journal';
import { Workspace } from './Workspace';
import type { FlowState } from '../store/flow-types';

export interface LoadedWorkflow {
  detail: WorkflowDetail;
  flow: FlowState;
  descriptors: NodeDescriptor[];
  /** A newer local copy than the server's draft, found in the journal. */
  local: JournalEntry | undefined;
  /** A past run shown read-only over the version it ran. */
  pastRun: { run: RunState; version: number | null } | undefined;
}

function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function load(o: { workflowId: string; runId: string | undefined }): Promise<LoadedWorkflow> {
  const [detail, descriptors, entry] = await Promise.all([
    getWorkflow(o.workflowId),
    fetchNodeTypes(),
    journal.read(o.workflowId),
  ]);
  let flow = documentToFlow(detail.draft);
  let pastRun: LoadedWorkflow['pastRun'];
  if (o.runId) {
    const execution = await getExecution(o.runId);
    const version = execution.summary.version;
    if (version !== null && version > 0)
      flow = documentToFlow(await getVersion({ id: o.workflowId, version }));
    pastRun = { run: execution.run, version };
  }
  const local = entry?.dirty && !sameDocument(entry.document, flowToDocument(flow)) ? entry : undefined;
  return { detail, flow, descriptors, local: o.runId ? undefined : local, pastRun };
}

/** Loads a workflow, the node catalogue and any local unsaved copy, then shows the workspace. */
export function EditorPage(props: { workflowId: string; runId?: string | undefined }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<LoadedWorkflow | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    load({ workflowId: props.workflowId, runId: props.runId }).then(
      (result) => {
        // bench/editor measures from here (the data has arrived) to the canvas being ready.
        performance.mark('musubi:workflow-loaded');
        if (live) setLoaded(result);
      },
      (error: unknown) => live && setFailure(errorMessage(error, currentLanguage())),
    );
    return () => {
      live = false;
    };
  }, [props.workflowId, props.runId]);

  if (failure) return <p className="page-message form-error">{t('common.error', { message: failure })}</p>;
  if (!loaded) return <p className="page-message">{t('common.loading')}</p>;
  return (
    <ReactFlowProvider>
      <Workspace key={props.runId ?? 'draft'} loaded={loaded} />
    </ReactFlowProvider>
  );
}
