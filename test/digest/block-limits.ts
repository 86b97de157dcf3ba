// Checks a digest message against every Block Kit limit in /work/shared/slack/README.md.
import { expect } from 'vitest';
import { blockTextLength, DIGEST_LIMITS, type DigestMessage } from '../../src/slack/blocks/digest-blocks.ts';

/** Every limit from /work/shared/slack/README.md that a digest message could break. */
export function expectWithinLimits(message: DigestMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(40_000);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  let total = 0;
  for (const block of message.blocks) {
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
    total += blockTextLength(block);
  }
  expect(total).toBeLessThanOrEqual(DIGEST_LIMITS.totalBlockText);
  expect(DIGEST_LIMITS.totalBlockText).toBeLessThan(13_000);
}

