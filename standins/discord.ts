/**
 * A local stand-in for the Discord REST API and gateway, for end-to-end tests that run the real
 * discord.js `Client` without a network.
 *
 * ```ts
 * const discord = await startDiscordStandIn();
 * const client = new Client({ intents, partials: [Partials.Channel], rest: { api: discord.url } });
 * await client.login('any-token');
 * discord.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'why?' }] });
 * const edit = await discord.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/@original'));
 * await client.destroy(); // before close(), or the client reconnects
 * await discord.close();
 * ```
 *
 * One HTTP server on 127.0.0.1 serves REST under `/api/v10/...` and the gateway (WebSocket upgrade
 * on any path). It holds one guild with one text channel, the bot user and one human user; threads,
 * DM channels, messages and application commands are created as the bot asks for them. Every REST
 * request is recorded (including unknown routes, which get a 404). Behaviour follows discord.js
 * 14.28 and the notes in /work/shared/notes/platform-standins.md.
 *
 * The implementation lives in ./discord/: server.ts (HTTP + WebSocket server, recording), gateway.ts,
 * rest-routes.ts and the *-routes.ts modules it registers, user-events.ts (what `send*` dispatch),
 * payloads.ts and messages.ts (object builders), state.ts (what the stand-in holds).
 */
export { startDiscordStandIn } from './discord/server.js';
export type {
  AutocompleteOptions,
  ButtonOptions,
  DiscordStandIn,
  DiscordStandInOptions,
  InteractionOption,
  RecordedFile,
  RecordedRequest,
  SendMessageOptions,
  SlashCommandOptions,
} from './discord/types.js';
