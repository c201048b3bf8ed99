// startReminderSweep: the in-server timer (fake timers, a fake sweep).
import { afterEach, describe, expect, it, vi } from "vitest";
import { startReminderSweep, stopReminderSweep, SWEEP_INTERVAL_MS } from "~/domain/reminders/sweep.server";
import { setTestEnv } from "../support/env";

afterEach(() => {
  stopReminderSweep();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startReminderSweep", () => {
  it("sweeps every 5 minutes, never two at once in one process, and logs errors", async () => {
    vi.useFakeTimers();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let calls = 0;
    let finish: (() => void) | undefined;
    const run = vi.fn(() => {
      calls++;
      if (calls === 3) return Promise.reject(new Error("database weg"));
      return new Promise<void>((resolve) => (finish = resolve));
    });
    startReminderSweep({ run });
    // A second start does not add a second timer.
    startReminderSweep({ run });

    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS - 1);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    // Still running: the next tick is skipped.
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(1);
    finish!();
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(2);
    finish!();
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(3);
    expect(errors).toHaveBeenCalledWith("Herinneringen versturen mislukte:", expect.objectContaining({ message: "database weg" }));
    // An error does not stop the timer.
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it("does nothing when REMINDERS_DISABLED=1", async () => {
    vi.useFakeTimers();
    const restoreEnv = setTestEnv({ REMINDERS_DISABLED: "1" });
    try {
      const run = vi.fn(() => Promise.resolve());
      startReminderSweep({ run });
      await vi.advanceTimersByTimeAsync(3 * SWEEP_INTERVAL_MS);
      expect(run).not.toHaveBeenCalled();
    } finally {
      restoreEnv();
    }
  });
});
