// A cheap fingerprint of what the index takes from an article, to tell a changed article from an
// unchanged one without keeping a copy of it.
import type { Article } from '../pages/article.ts';

/**
 * A 32-bit FNV-1a hash of what the index derives from an article: a changed summary (a longer copy
 * from another page), title, date or region makes it differ.
 */
export function articleFingerprint(a: Article): number {
  const text = `${a.title}\n${a.summary}\n${a.date ?? ''}\n${a.region.province ?? ''}/${a.region.city ?? ''}/${a.region.county ?? ''}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
