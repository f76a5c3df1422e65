import { expect, test } from '@playwright/test';

// Two trivial tests so that both workers start, as they do for the suite.
for (const index of [1, 2]) {
  test(`empty ${index}`, () => {
    expect(index).toBeGreaterThan(0);
  });
}
