import type { ChatPort } from './chat';
import type { Clock } from './clock';
import type { CrmPort } from './crm';
import type { HttpPort } from './http';
import type { KintonePort } from './kintone';
import type { Logger } from './logger';
import type { MailPort } from './mail';
import type { OperatorsPort } from './operators';
import type { QueuePort } from './queue';
import type { RecordsPort } from './records';
import type { SlackPort } from './slack';
import type { SharingPort } from './sharing';
import type { RunStore } from './store';
import type { TelephonyPort } from './telephony';

export type { ChatPort, ChatMessage } from './chat';
export type { Clock } from './clock';
export type * from './crm';
export { TICKET_PRIORITIES, RECORD_MODULES, PIPELINE_MODULES } from './crm';
export type { HttpPort, HttpRequest, HttpResponse } from './http';
export type { KintonePort } from './kintone';
export type { Logger } from './logger';
export { silentLogger } from './logger';
export type { MailPort, MailMessage } from './mail';
export type { OperatorsPort, OperatorRequest, OperatorAssignment } from './operators';
export type { QueuePort, QueueJob } from './queue';
export type { RecordsPort } from './records';
export type { SlackPort } from './slack';
export type * from './sharing';
export type { RunStore } from './store';
export type * from './telephony';

/** Everything a run may reach outside itself. Only the clock is required; a node asks for the rest. */
export interface Ports {
  clock: Clock;
  logger?: Logger;
  http?: HttpPort;
  mail?: MailPort;
  chat?: ChatPort;
  operators?: OperatorsPort;
  queue?: QueuePort;
  records?: RecordsPort;
  crm?: CrmPort;
  slack?: SlackPort;
  sharing?: SharingPort;
  kintone?: KintonePort;
  telephony?: TelephonyPort;
  runStore?: RunStore;
}
