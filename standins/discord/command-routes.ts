/** REST routes of application commands, global and per guild: list, bulk overwrite, create, edit, delete. */
import { snowflake } from './ids.js';
import { apiError, invalidFormBody, type Router } from './router.js';
import type { DiscordState, Json } from './state.js';

export function addCommandRoutes(router: Router, state: DiscordState): void {
  const route = router.add;
  const { applicationId, commands } = state;

  function commandScope(app: string, guild?: string): Map<string, Json> | undefined {
    if (app !== applicationId) return undefined;
    const key = guild ?? 'global';
    let scope = commands.get(key);
    if (!scope) {
      scope = new Map();
      commands.set(key, scope);
    }
    return scope;
  }

  function storeCommand(scope: Map<string, Json>, body: Json, guild: string | undefined, id?: string): Json {
    const command: Json = {
      id: id ?? snowflake(),
      application_id: applicationId,
      version: snowflake(),
      type: 1,
      description: '',
      options: [],
      default_member_permissions: null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      name_localizations: null,
      description_localizations: null,
      ...body,
      ...(guild ? { guild_id: guild } : {}),
    };
    if (!guild) command.dm_permission = body.dm_permission ?? true;
    scope.set(command.id as string, command);
    return command;
  }

  const sameCommand = (a: Json, b: Json) => a.name === b.name && (a.type ?? 1) === (b.type ?? 1);
  const unknownApplication = () => apiError(404, 10002, 'Unknown Application');
  const unknownCommand = () => apiError(404, 10063, 'Unknown application command');

  for (const prefix of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    route('GET', prefix, ({ app, guild }) => {
      const scope = commandScope(app as string, guild);
      return scope ? { status: 200, body: [...scope.values()] } : unknownApplication();
    });
    route('PUT', prefix, ({ app, guild }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      if (!Array.isArray(req.body)) return invalidFormBody();
      const previous = [...scope.values()];
      scope.clear();
      const stored = (req.body as Json[]).map((body) =>
        storeCommand(
          scope,
          body,
          guild,
          previous.find((c) => sameCommand(c, body))?.id as string | undefined,
        ),
      );
      return { status: 200, body: stored };
    });
    route('POST', prefix, ({ app, guild }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const body = (req.body ?? {}) as Json;
      const existing = [...scope.values()].find((c) => sameCommand(c, body));
      return { status: existing ? 200 : 201, body: storeCommand(scope, body, guild, existing?.id as string) };
    });
    route('GET', `${prefix}/:command`, ({ app, guild, command }) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const found = scope.get(command as string);
      return found ? { status: 200, body: found } : unknownCommand();
    });
    route('PATCH', `${prefix}/:command`, ({ app, guild, command }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const found = scope.get(command as string);
      if (!found) return unknownCommand();
      return {
        status: 200,
        body: storeCommand(scope, { ...found, ...(req.body ?? {}) }, guild, found.id as string),
      };
    });
    route('DELETE', `${prefix}/:command`, ({ app, guild, command }) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      return scope.delete(command as string) ? { status: 204 } : unknownCommand();
    });
  }
}
