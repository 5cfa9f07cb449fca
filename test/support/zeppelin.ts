/**
 * An article in the format of data/articles/*.md about a word no bundled article holds: dropped into a
 * watched folder, it shows whether a reindex picked it up.
 */
export const ZEPPELIN = `---
title: "A zeppelin lands in Gyeongju"
date: 2025-11-02
source: Test Gazette
---

A silver zeppelin landed beside the summit venue in Gyeongju on Sunday, drawing crowds of onlookers.
`;

/** What the bot says while the article is not (or no longer) in the archive. */
export const NOTHING = /Nothing in the archive answers that/;
