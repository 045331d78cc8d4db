/**
 * The node catalogue. Every node is listed here by hand: adding a file does not register it.
 */
import { NodeRegistry } from '../runtime/engine/registry';
import type { NodeDefinition } from '../runtime/model/node-definition';
import { askNode } from './bot/ask';
import { choiceNode } from './bot/choice';
import { endChatNode } from './bot/end-chat';
import { forwardToOperatorNode } from './bot/forward-to-operator';
import { messageNode } from './bot/message';
import { routerNode } from './bot/router';
import { conditionNode } from './logic/condition';
import { delayNode } from './logic/delay';
import { httpRequestNode } from './logic/http-request';
import { respondNode } from './logic/respond';
import { setNode } from './logic/set';
import { stopNode } from './logic/stop';
import { switchNode } from './logic/switch';
import { sendMailNode } from './mail/send';
import { slackNotifyNode } from './slack/notify';
import { shareRecordNode } from './sharing/share-record';
import { unshareRecordNode } from './sharing/unshare-record';
import { associateContactNode } from './crm/associate-contact';
import { associateDealNode } from './crm/associate-deal';
import { associateLeadNode } from './crm/associate-lead';
import { associateInquiryNode } from './desk/associate-inquiry';
import { addToListNode } from './lists/add-to-list';
import { chatTriggerNode } from './trigger/chat';
import { manualTriggerNode } from './trigger/manual';
import { recordEventTriggerNode } from './trigger/record-event';
import { scheduleTriggerNode } from './trigger/schedule';
import { webhookTriggerNode } from './trigger/webhook';
import { findRecordsNode } from './kintone/find-records';
import { upsertByPhoneNode } from './kintone/upsert-by-phone';
import { writeCallHistoryNode } from './kintone/write-call-history';
import { createTodoNode } from './tasks/create-todo';
import { callEndedTriggerNode } from './telephony/call-ended';
import { logCallNode } from './telephony/log-call';

export const allNodes: NodeDefinition[] = [
  manualTriggerNode,
  webhookTriggerNode,
  scheduleTriggerNode,
  recordEventTriggerNode,
  chatTriggerNode,
  conditionNode,
  switchNode,
  setNode,
  delayNode,
  stopNode,
  httpRequestNode,
  respondNode,
  sendMailNode,
  messageNode,
  askNode,
  choiceNode,
  routerNode,
  endChatNode,
  forwardToOperatorNode,
  slackNotifyNode,
  shareRecordNode,
  unshareRecordNode,
  associateLeadNode,
  associateContactNode,
  associateDealNode,
  associateInquiryNode,
  addToListNode,
  callEndedTriggerNode,
  logCallNode,
  createTodoNode,
  findRecordsNode,
  upsertByPhoneNode,
  writeCallHistoryNode,
];

/** A registry holding every node of the catalogue, each config schema compiled. */
export function createDefaultRegistry(): NodeRegistry {
  return new NodeRegistry(allNodes);
}
