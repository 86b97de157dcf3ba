// Where the repository and its shipped pages are, for tests that read them.
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');
