import { SWEEP_LIMIT, SweepSize, TICK_BUDGET_MS } from './watermark';

describe('SweepSize (how many overdue pairs an idle tick takes)', () => {
  it('doubles after each fast full tick, up to SWEEP_LIMIT', () => {
    const size = new SweepSize();
    const seen = [size.value];
    for (let i = 0; i < 12; i++) {
      size.took(TICK_BUDGET_MS / 4, size.value);
      seen.push(size.value);
    }
    expect(seen.slice(0, 4)).toEqual([25, 50, 100, 200]);
    expect(size.value).toBe(SWEEP_LIMIT);
  });

  it('does not grow after a tick that found fewer than it could take', () => {
    const size = new SweepSize();
    size.took(1, size.value - 1);
    expect(size.value).toBe(25);
  });

  it('halves after a tick over budget, down to one pair', () => {
    const size = new SweepSize();
    size.took(TICK_BUDGET_MS * 3, 25);
    expect(size.value).toBe(12);
    for (let i = 0; i < 10; i++) size.took(TICK_BUDGET_MS * 3, size.value);
    expect(size.value).toBe(1);
  });

  it('keeps its size between half the budget and the budget', () => {
    const size = new SweepSize();
    size.took(TICK_BUDGET_MS * 0.75, 25);
    expect(size.value).toBe(25);
  });
});
