// Turns the text of an @mention into the words the user asked, before the query normaliser
// (search/query-text.ts) cleans and bounds it like any other query. Pure.

/**
 * Turns the text of an `app_mention` event into a plain question: drops the bot's own mention and
 * any other user, channel or special mention (they are not search words), unwraps links to their
 * label, and undoes the `&amp;`/`&lt;`/`&gt;` escaping Slack applies to message text.
 *
 * @example questionFromMention('<@U0BOT> 四川 &amp; 广东') // → '四川 & 广东'
 */
export function questionFromMention(text: string): string {
  return text
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<([^>|]*)\|([^>]*)>/g, '$2')
    .replace(/<([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
