/**
 * What the telephony and to-do nodes ask of the records: match a number to contacts / leads /
 * companies, log a call as a completed to-do, and create to-dos (open "next steps", or linked to a
 * call so they complete with it). The built-in CRM implements it on the server.
 *
 * `connectionId` names the connection to act on (a Salesforce connection); without it the built-in
 * CRM's records are used. What became of a call is always kept on Musubi's own call record.
 */

export type MatchModule = 'contacts' | 'leads' | 'companies';
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** A call as the phone system reported it when it ended. */
export interface CallEvent {
  /** Musubi's id of the stored call (the trigger payload carries it). */
  id: string;
  callId: string;
  direction: CallDirection;
  from: string;
  to: string;
  /** ISO time. */
  startedAt: string;
  answered: boolean;
  durationSec: number;
  /** The phone user (an e-mail or a Musubi user id). */
  user?: string;
  recordingUrls: string[];
  voicemailUrl?: string;
}

export interface PhoneMatch {
  module: MatchModule;
  id: string;
  name: string;
}

export type LoggedStatus = 'logged' | 'no_match' | 'multiple_matches' | 'skipped_internal' | 'skipped_missed';

export interface TelephonyPort {
  /**
   * Records whose phone is this number: the choice a user made for it earlier if any, else the
   * first module in `order` with any match.
   */
  matchPhone(options: {
    connectionId?: string;
    phone: string;
    order: MatchModule[];
  }): Promise<{ matches: PhoneMatch[]; remembered: boolean }>;
  /**
   * Logs the call as one completed to-do (a to-do linked to the call while it ran becomes it; a
   * repeat updates it). `match` undefined logs it without a contact.
   */
  logCall(options: {
    connectionId?: string;
    call: CallEvent;
    match?: PhoneMatch;
    subject: string;
    memo: string;
  }): Promise<{ taskId: string }>;
  /** Remembers what became of the call (shown on the call: "N matches" and its candidates). */
  setCallStatus(options: {
    callRecordId: string;
    status: LoggedStatus;
    candidates?: PhoneMatch[];
  }): Promise<void>;
  /** An open to-do, or — with a call id — the to-do that completes when that call ends. */
  createTodo(options: {
    connectionId?: string;
    subject: string;
    memo: string;
    contactId?: string;
    /** `YYYY-MM-DD`. */
    dueDate?: string;
    callId?: string;
    owner?: string;
  }): Promise<{ taskId: string; status: 'open' | 'done' }>;
}
