/**
 * How long a handler may take before its interaction is acknowledged with "thinking…" instead of the
 * answer itself. Discord voids an interaction that is not acknowledged within 3 s; answers normally
 * take milliseconds, so they go out as the acknowledgement (one request, which discord.js does not hold
 * back behind its global 50 requests/s limit, unlike a deferral's edit). Half the 3 s leaves the
 * deferral ample time to reach Discord when a handler is slow.
 */
export const DIRECT_REPLY_BUDGET_MS = 1500;
