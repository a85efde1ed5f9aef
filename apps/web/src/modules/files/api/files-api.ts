import type { FileInfo, FileLink } from '@praxis/contracts';
import { api, API_PREFIX } from '../../../shared/api/client';
import { ApiRequestError, errorFromResponse, networkError } from '../../../shared/api/errors';

/** File types the server accepts (K2): the server reads the type from the content and decides. */
export const ACCEPTED_FILE_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
  'image/png',
  'image/jpeg',
].join(',');
export const ACCEPTED_EXTENSIONS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'png', 'jpg', 'jpeg'];
/** The server's default limit (MAX_UPLOAD_MB); the server has the last word. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export interface UploadHandle {
  promise: Promise<FileInfo>;
  abort: () => void;
}

/**
 * Uploads one file to POST /api/v1/files (multipart, field "file") with XMLHttpRequest, which,
 * unlike fetch, reports upload progress. A 401 (expired token) refreshes once and starts again.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
  let xhr: XMLHttpRequest | null = null;
  let aborted = false;
  const attempt = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = new XMLHttpRequest();
      xhr = request;
      request.open('POST', `${API_PREFIX}/files`);
      request.withCredentials = true;
      request.setRequestHeader('Accept', 'application/json');
      const token = api.getAccessToken();
      if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
      };
      request.onload = () => resolve({ status: request.status, body: request.responseText });
      request.onerror = () => reject(networkError(new Error('upload failed')));
      request.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
      const form = new FormData();
      form.append('file', file, file.name);
      request.send(form);
    });
  const promise = (async () => {
    let result = await attempt();
    if (result.status === 401 && !aborted && (await api.refresh())) {
      onProgress(0);
      result = await attempt();
    }
    if (result.status < 200 || result.status >= 300) {
      throw await errorFromResponse(new Response(result.body || null, { status: result.status }));
    }
    onProgress(1);
    return JSON.parse(result.body) as FileInfo;
  })();
  return {
    promise,
    abort: () => {
      aborted = true;
      (xhr as XMLHttpRequest | null)?.abort();
    },
  };
}

/**
 * Downloads a permission-checked file through a short-lived signed link (POST /files/:id/link),
 * so the browser fetches it itself as an ordinary download, however large.
 */
export async function downloadViaSignedLink(fileId: string, name: string): Promise<void> {
  const link = await api.post<FileLink>(`/files/${encodeURIComponent(fileId)}/link`);
  const anchor = document.createElement('a');
  anchor.href = link.url;
  anchor.download = name;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/** Fetches a protected text or binary (an .ics, a CSV report) with the bearer token and saves it. */
export async function downloadProtected(url: string, name: string): Promise<void> {
  const blob = await api.blob(url);
  const objectUrl = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = objectUrl;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

/** Client-side checks that mirror the server's (K2), so a wrong file is named before it travels. */
export function checkFile(file: File): 'type' | 'size' | 'empty' | null {
  const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (extension && !ACCEPTED_EXTENSIONS.includes(extension)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'size';
  return null;
}

export { ApiRequestError };
