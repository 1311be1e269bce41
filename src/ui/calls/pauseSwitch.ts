import * as vscode from 'vscode';

const STATE_KEY = 'gmailTools.paused';
export const PAUSE_COMMAND = 'gmailTools.pause';
export const RESUME_COMMAND = 'gmailTools.resume';
export const TOGGLE_PAUSE_COMMAND = 'gmailTools.togglePause';

/**
 * The kill switch in the status bar: while paused, every Gmail tool call fails fast with a clear message,
 * reads included. Remembered across restarts, so a pause the user chose is not undone by a reload.
 */
export class PauseSwitch implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gmailTools.pause', vscode.StatusBarAlignment.Right, 100);
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;
  private readonly commands: vscode.Disposable[];

  constructor(private readonly state: vscode.Memento) {
    this.item.name = 'Gmail Tools: pause switch';
    this.commands = [
      vscode.commands.registerCommand(PAUSE_COMMAND, () => this.set(true)),
      vscode.commands.registerCommand(RESUME_COMMAND, () => this.set(false)),
      vscode.commands.registerCommand(TOGGLE_PAUSE_COMMAND, () => this.set(!this.isPaused())),
    ];
    this.render();
    this.item.show();
  }

  isPaused(): boolean {
    return this.state.get<boolean>(STATE_KEY, false);
  }

  async set(paused: boolean): Promise<boolean> {
    await this.state.update(STATE_KEY, paused);
    this.render();
    this.changed.fire(paused);
    return paused;
  }

  private render(): void {
    const paused = this.isPaused();
    this.item.text = paused ? '$(debug-pause) Gmail tools paused' : '$(mail) Gmail tools';
    this.item.tooltip = paused ? 'Every Gmail tool call fails until you resume. Click to resume.' : 'Click to pause every Gmail tool call (kill switch).';
    this.item.command = TOGGLE_PAUSE_COMMAND;
    this.item.backgroundColor = paused ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const c of this.commands) c.dispose();
    this.item.dispose();
    this.changed.dispose();
  }
}
