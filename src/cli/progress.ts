/**
 * Progress of a long CLI run on stderr (stdout carries the result alone): a bar redrawn in place on a
 * terminal; elsewhere — a log file, CI, a pipe — one plain line every few seconds and one at the end, so a
 * long run is visibly alive without flooding the log.
 */
import { progressBar } from '../sim/pool.ts';

export interface ProgressSink {
  /** True when stderr is a terminal (a bar can be redrawn in place). */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds, monotonic enough for throttling (`Date.now` in the CLI, a fake clock in tests). */
  readonly now: () => number;
  /** Minimum time between two lines when not on a terminal. */
  readonly intervalMs?: number;
}

export interface Progress {
  readonly update: (done: number, total: number) => void;
  /** Ends the bar's line, or prints the last count if it was not printed yet. */
  readonly finish: () => void;
}

/** Default time between two progress lines in a log: often enough to show life, rarely enough to read. */
export const LOG_INTERVAL_MS = 5000;

/** A progress display for `what` (e.g. "patients") on `sink`. */
export function progress(what: string, sink: ProgressSink): Progress {
  const interval = sink.intervalMs ?? LOG_INTERVAL_MS;
  const started = sink.now();
  let last = { done: -1, total: 0, at: started };
  let printed = -1;
  const line = (done: number, total: number, at: number) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    sink.write(`${done}/${total} ${what} (${pct} %), ${Math.round((at - started) / 1000)} s\n`);
    printed = done;
  };
  return {
    update(done, total) {
      const at = sink.now();
      if (sink.tty) sink.write(`\r${progressBar(done, total)}`);
      else if (at - last.at >= interval) {
        line(done, total, at);
        last = { done, total, at };
        return;
      }
      last = { done, total, at: last.at };
    },
    finish() {
      if (sink.tty) sink.write('\n');
      else if (last.done >= 0 && printed !== last.done) line(last.done, last.total, sink.now());
    },
  };
}

/** Progress on this process's stderr. */
export function stderrProgress(what: string): Progress {
  return progress(what, {
    tty: process.stderr.isTTY === true,
    write: (t) => process.stderr.write(t),
    now: () => Date.now(),
  });
}
