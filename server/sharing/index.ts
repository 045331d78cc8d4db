import type { Clock } from '../../runtime/ports/clock';
import type { MailPort } from '../../runtime/ports/mail';
import type { Database } from '../db/index';
import { ShareService } from './links';
import { ShareOtp } from './otp';
import { ShareSettingsService } from './settings';

export { ShareService } from './links';
export type { ShareActor, ShareCreated, SharedRecordView } from './links';
export { ShareSettingsService } from './settings';
export { ShareOtp } from './otp';

/** The sharing services over one database. They keep no state of their own, so several may exist. */
export interface Sharing {
  settings: ShareSettingsService;
  links: ShareService;
  otp: ShareOtp;
}

/** Builds the sharing services. `publicUrl` is where customers reach `/s/<token>`. */
export function createSharing(deps: {
  db: Database;
  clock: Clock;
  mail: MailPort;
  publicUrl: string;
  secret: Buffer;
}): Sharing {
  const settings = new ShareSettingsService({ db: deps.db, clock: deps.clock });
  return {
    settings,
    links: new ShareService({
      db: deps.db,
      clock: deps.clock,
      publicUrl: deps.publicUrl,
      mail: deps.mail,
      settings,
    }),
    otp: new ShareOtp({ db: deps.db, clock: deps.clock, mail: deps.mail, secret: deps.secret }),
  };
}
