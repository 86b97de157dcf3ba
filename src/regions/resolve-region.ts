// PLACEHOLDER — being replaced by the regions work (gazetteer + resolution).
import { NO_REGION, type Region } from '../pages/article.ts';

export function resolveRegion(_title: string, _summary = ''): Region {
  return { ...NO_REGION };
}
