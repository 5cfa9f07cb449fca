import type { Command } from '../src/core/command.js';
import about from './about.js';
import alert from './alert.js';
import article from './article.js';
import ask from './ask.js';
import feeds from './feeds.js';
import help from './help.js';
import onthisday from './onthisday.js';
import trend from './trend.js';

/**
 * Every command, in the order help lists them. The one list the Discord deploy script, the Slack
 * manifest and the terminal bot all read.
 */
export const commands: readonly Command[] = [ask, onthisday, alert, trend, article, feeds, help, about];
