/** Codes for the errors Archivist raises on purpose; callers branch on `code`, never on message text. */
export type ArchivistErrorCode =
  | 'ARTICLE_INVALID'
  | 'DATA_DIR_MISSING'
  | 'CONFIG_INVALID'
  /** A chat platform's API could not be reached at start. */
  | 'PLATFORM_UNAVAILABLE'
  | 'STATE_STORE'
  | 'INPUT_INVALID'
  | 'WRITE_FAILED';

export class ArchivistError extends Error {
  readonly code: ArchivistErrorCode;
  constructor(code: ArchivistErrorCode, message: string, options?: { cause?: unknown }) {
    super(`archivist: ${message}`, options);
    this.name = 'ArchivistError';
    this.code = code;
  }
}
