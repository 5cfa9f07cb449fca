/** The upload host of files.uploadV2: `getUploadURLExternal` points the client here (`/upload/<file id>`). */
import { readForm } from '../http.js';

/** The bytes posted to an upload URL (multipart with one file, or the raw body), for tests to decode. */
export async function uploadedFile(
  raw: Buffer,
  type: string,
  path: string,
): Promise<Record<string, unknown>> {
  const fileId = decodeURIComponent(path.slice('/upload/'.length));
  if (!type.toLowerCase().includes('multipart/form-data'))
    return { file_id: fileId, data: raw, size: raw.length };
  for (const [, v] of (await readForm(raw, type)).entries()) {
    if (typeof v === 'string') continue;
    const data = Buffer.from(await v.arrayBuffer());
    return { file_id: fileId, filename: v.name, data, size: data.length };
  }
  return { file_id: fileId, size: 0 };
}
