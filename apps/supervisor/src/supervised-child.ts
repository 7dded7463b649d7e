import { ChildProcess, spawn } from 'node:child_process';
import { SupervisorLog } from './log';
import {
  decideRestart,
  INITIAL_RESTART_STATE,
  RestartSettings,
  RestartState,
} from './restart-policy';

export interface ChildSpec {
  readonly name: string;
  /** The node entry point (a built file of dist). */
  readonly script: string;
  /** Read at each start: the database URL may only be known later. */
  env(): NodeJS.ProcessEnv;
  /** Opens an IPC channel (the PostgreSQL child reports its URL over it). */
  onMessage?(message: unknown): void;
  onExit?(): void;
}

export interface ChildHooks {
  /** False while a dependency is down: the crash is then not counted toward a crash loop. */
  crashCounts(): boolean;
  /** Awaited before a restart (the database being up again). */
  beforeRestart(): Promise<void>;
  onCrashLoop(name: string, crashes: number): void;
}

/** One child process of `npm start`: restarted with backoff when it dies, stopped with a deadline. */
export class SupervisedChild {
  private process?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private state: RestartState = INITIAL_RESTART_STATE;
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    readonly spec: ChildSpec,
    private readonly settings: { restart: RestartSettings; stopDeadlineMs: number },
    private readonly hooks: ChildHooks,
    private readonly log: SupervisorLog,
  ) {}

  get pid(): number | undefined {
    return this.running() ? this.process?.pid : undefined;
  }

  running(): boolean {
    return !!this.process && this.process.exitCode === null && this.process.signalCode === null;
  }

  start(): void {
    if (this.stopping) return;
    // Its own process group: a stop reaches what it started too (the postgres server), and a
    // Ctrl-C in the terminal reaches only the supervisor, which stops the children in order.
    const child = spawn(process.execPath, ['--max-semi-space-size=64', this.spec.script], {
      stdio: ['ignore', 'inherit', 'inherit', ...(this.spec.onMessage ? ['ipc' as const] : [])],
      env: this.spec.env(),
      detached: true,
    });
    this.process = child;
    this.startedAt = Date.now();
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    if (this.spec.onMessage) child.on('message', (m) => this.spec.onMessage?.(m));
    child.on('error', (err) =>
      this.log('error', 'child failed to spawn', { child: this.spec.name, err: err.message }),
    );
    child.once('exit', (code, signal) => this.onExit(code, signal));
    this.log('log', 'child started', { child: this.spec.name, pid: child.pid });
  }

  /** SIGTERM, then SIGKILL after the deadline; anything left in its process group goes too. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.process;
    if (!child?.pid) return;
    if (this.running()) {
      this.signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), this.settings.stopDeadlineMs);
      });
      const timedOut = await Promise.race([this.exited.then(() => false), late]);
      clearTimeout(timer);
      if (timedOut) {
        this.log('warn', 'child did not stop in time: killing it', {
          child: this.spec.name,
          deadlineMs: this.settings.stopDeadlineMs,
        });
      }
    }
    this.signal('SIGKILL');
    await this.exited;
    this.log('log', 'child stopped', { child: this.spec.name, pid: child.pid });
  }

  /** At once, no grace (a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.process?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.spec.onExit?.();
    if (this.stopping) return;
    const at = Date.now();
    const decision = decideRestart(
      this.state,
      { at, startedAt: this.startedAt, counts: this.hooks.crashCounts() },
      this.settings.restart,
    );
    this.state = decision.state;
    const fields = { child: this.spec.name, code, signal, uptimeMs: at - this.startedAt };
    if (decision.kind === 'give-up') {
      this.hooks.onCrashLoop(this.spec.name, decision.crashes);
      return;
    }
    this.log('warn', 'child exited: restarting', { ...fields, delayMs: decision.delayMs });
    this.restartTimer = setTimeout(() => {
      void this.hooks.beforeRestart().then(() => this.start());
    }, decision.delayMs);
  }
}
