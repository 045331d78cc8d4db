/**
 * What the sharing nodes (sharing.share_record / sharing.unshare_record) ask of the server's
 * external sharing. Expected outcomes (sharing switched off, no e-mail, not shared) come back as
 * values the node turns into branches; anything thrown is an unexpected failure.
 */
export interface SharingPort {
  /** Creates the record's share link and, when asked, mails it to the record's contact. */
  share(options: { recordId: string; sendEmail: boolean; origin: SharingOrigin }): Promise<ShareOutcome>;
  /** Revokes the record's active link. */
  unshare(options: { recordId: string; origin: SharingOrigin }): Promise<UnshareOutcome>;
}

/** The run and node doing it, for the "shared by" column and the audit log. */
export interface SharingOrigin {
  runId: string;
  workflowId: string;
  nodeId: string;
}

export type ShareOutcome =
  /** `url` is null when the record was already shared: only a hash of its link is kept. */
  | {
      status: 'shared';
      recordId: string;
      shareId: string;
      url: string | null;
      alreadyShared: boolean;
      emailedTo: string | null;
    }
  | { status: 'sharing_disabled'; recordId: string }
  | { status: 'no_recipient_email'; recordId: string }
  | { status: 'not_found'; recordId: string };

export type UnshareOutcome =
  { status: 'unshared'; recordId: string } | { status: 'not_shared'; recordId: string };
