import type { CallObserver, ToolCallFinished, ToolCallProgress, ToolCallStarted } from './callObserver';

/** One observer that forwards every event to several (tree view, audit log), isolating their failures. */
export class FanOutObserver implements CallObserver {
  constructor(private readonly observers: readonly CallObserver[]) {}

  callStarted(event: ToolCallStarted): void {
    for (const o of this.observers) safely(() => o.callStarted(event));
  }

  callProgress(event: ToolCallProgress): void {
    for (const o of this.observers) safely(() => o.callProgress?.(event));
  }

  callFinished(event: ToolCallFinished): void {
    for (const o of this.observers) safely(() => o.callFinished(event));
  }
}

function safely(run: () => void): void {
  try {
    run();
  } catch {
    // An observer's failure must never fail the tool call it observes.
  }
}
