/** Default ids, shared by the stand-in and the payload helpers so they agree out of the box. */
export const STANDIN_TEAM_ID = 'T0STANDIN';
export const STANDIN_BOT_USER_ID = 'U0BOT';
export const STANDIN_BOT_ID = 'B0BOT';
export const STANDIN_APP_ID = 'A1';
export const STANDIN_USER_ID = 'U0ALICE';
export const STANDIN_CHANNEL_ID = 'C0GENERAL';
