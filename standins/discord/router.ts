/** A small REST router (`/channels/:channel/...` templates, first match wins) and Discord's error replies. */
import type { Reply } from './state.js';
import type { RecordedRequest } from './types.js';

export type RouteHandler = (params: Record<string, string>, req: RecordedRequest) => Reply;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handle: RouteHandler;
}

export interface Router {
  add(method: string, template: string, handle: RouteHandler): void;
  /** The reply of the first route matching the request, or `undefined` when none does. */
  route(req: RecordedRequest): Reply | undefined;
}

export function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

export const unknownChannel = () => apiError(404, 10003, 'Unknown Channel');
export const unknownMessage = () => apiError(404, 10008, 'Unknown Message');
export const missingPermissions = () => apiError(403, 50013, 'Missing Permissions');
export const invalidFormBody = () => apiError(400, 50035, 'Invalid Form Body');

function compileRoute(method: string, template: string, handle: RouteHandler): Route {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), keys, handle };
}

export function createRouter(): Router {
  const routes: Route[] = [];
  return {
    add(method, template, handle) {
      routes.push(compileRoute(method, template, handle));
    },
    route(req) {
      for (const r of routes) {
        if (r.method !== req.method) continue;
        const match = r.pattern.exec(req.path);
        if (!match) continue;
        const params: Record<string, string> = {};
        r.keys.forEach((key, index) => {
          params[key] = match[index + 1] as string;
        });
        return r.handle(params, req);
      }
      return undefined;
    },
  };
}
