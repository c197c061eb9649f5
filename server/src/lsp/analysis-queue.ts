// When and what the engine analyses. Edits are debounced, applied to the project, and the edited
// files are analysed first and published at once; their dependents and the workspace's full
// analysis follow in the background. The engine is synchronous, so a newer edit can only be
// noticed between files: background work runs in time slices (its `isCancelled` callback says stop
// once a slice is used up or a newer edit arrived), and yields to the event loop between slices.
// When bytes from the client arrive, the next slice waits a few milliseconds, long enough for the
// connection to decode and dispatch the message, so a newer edit never queues behind background work.

import type { AnalysisResult } from '../analysis/api';
import type { FolderState } from './workspace-state';

export interface QueueHost {
  /**
   * Publish the diagnostics of these files of a folder (their results were just recorded); resolves
   * once the notification is written.
   */
  publish(folder: FolderState, files: readonly string[]): Promise<void>;
  /** The queue went idle or started working: update status and progress. */
  onActivity(state: { busy: boolean; done: number; total: number }): void;
  log(message: string): void;
}

export interface QueueOptions {
  /** Quiet time after the last keystroke before analysing. */
  debounceMs: number;
  /** How long one background slice may run before it yields to the event loop. */
  sliceMs: number;
  /**
   * Quiet time after an edit before background work (dependents, the full analysis) resumes: the
   * engine cannot stop in the middle of a file, so while someone types the thread stays free for
   * the edited file itself.
   */
  idleBeforeBackgroundMs: number;
}

interface Background {
  files: string[];
  queued: Set<string>;
}

export class AnalysisQueue {
  /** Buffer texts not yet given to the engine (`undefined`: back to the disk). */
  private readonly pendingTexts = new Map<string, { folder: FolderState; text: string | undefined }>();
  /** Edited files to analyse before anything else. */
  private readonly urgent = new Map<FolderState, Set<string>>();
  private readonly background = new Map<FolderState, Background>();
  private timer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  /** Bumped by every edit; background work started under an older generation stops early. */
  private generation = 0;
  private fullDone = 0;
  private fullTotal = 0;
  /** Files per background engine call (see adaptChunk). */
  private chunk = 8;

  private lastChangeAt = 0;
  /** When the client last sent anything (see inputArrived). */
  private lastInputAt = 0;

  analyses = 0;
  lastAnalysisMs = 0;
  /**
   * The engine's share of the last edit's own analysis: the buffer updates, analysing the edited
   * files and evaluating their flows (the bench compares it with the edit-to-diagnostics time).
   */
  lastEditEngineMs = 0;
  /**
   * From the server reading the last edit to its diagnostics being written: the engine's share plus
   * the debounce and queueing (the bench's end-to-end time adds the wait for the server to read it).
   */
  lastEditServerMs = 0;
  private updateMsSinceRun = 0;

  constructor(
    private readonly host: QueueHost,
    private readonly options: QueueOptions,
  ) {}

  /**
   * An editor buffer changed (or closed: `text` undefined). The first change after a quiet period
   * is analysed at once; changes that follow it within the debounce time are coalesced, so that
   * typing costs one analysis per pause rather than one per keystroke.
   */
  change(folder: FolderState, file: string, text: string | undefined): void {
    this.pendingTexts.set(file, { folder, text });
    this.generation++;
    const now = Date.now();
    const quiet = now - this.lastChangeAt > this.options.debounceMs && !this.timer;
    this.lastChangeAt = now;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.schedulePump();
      },
      quiet ? 0 : this.options.debounceMs,
    );
  }

  /**
   * Give pending buffer texts to the engine now, without analysing: a hover or code action must
   * see the text the user sees. The analysis itself still runs when the debounce ends.
   */
  flushTexts(): void {
    for (const [file, { folder, text }] of this.pendingTexts) {
      this.pendingTexts.delete(file);
      const project = folder.project;
      if (!project) continue;
      let affected: string[] = [];
      const started = Date.now();
      try {
        affected = project.update(file, text);
        this.updateMsSinceRun += Date.now() - started;
      } catch (e) {
        this.host.log(`update ${file} failed: ${describe(e)}`);
      }
      const urgent = this.urgentOf(folder);
      if (affected.includes(file)) urgent.add(file);
      this.enqueue(folder, affected.filter((f) => f !== file), true);
    }
  }

  /**
   * The client sent bytes that the connection has not dispatched yet: background slices hold back
   * until it has (vscode-jsonrpc needs a couple of event-loop turns to decode and dispatch).
   */
  inputArrived(): void {
    this.lastInputAt = Date.now();
  }

  /** Analyse a whole folder in the background, `first` files (the open ones) before the rest. */
  analyseAll(folder: FolderState, first: readonly string[]): void {
    const project = folder.project;
    if (!project) return;
    const all = project.files;
    const firstSet = new Set(first.filter((f) => all.includes(f)));
    const ordered = [...firstSet, ...all.filter((f) => !firstSet.has(f))];
    this.background.delete(folder);
    this.fullTotal += ordered.length;
    this.enqueue(folder, ordered, false);
    this.schedulePump();
  }

  /** Forget a folder's queued work (its project is being replaced). */
  drop(folder: FolderState): void {
    const bg = this.background.get(folder);
    if (bg) this.fullTotal = Math.max(0, this.fullTotal - bg.files.length);
    this.background.delete(folder);
    this.urgent.delete(folder);
    for (const [file, pending] of this.pendingTexts) if (pending.folder === folder) this.pendingTexts.delete(file);
  }

  get busy(): boolean {
    return this.timer !== undefined || this.idleTimer !== undefined || this.pumpScheduled || this.pendingTexts.size > 0 || this.hasWork();
  }

  /**
   * Background chunks grow while they finish well inside a slice and shrink when they overrun, so
   * that each engine call stays near the slice length whatever the files cost.
   */
  private adaptChunk(elapsedMs: number, cancelled: boolean): void {
    if (cancelled || elapsedMs > this.options.sliceMs * 2) this.chunk = Math.max(1, Math.floor(this.chunk / 2));
    else if (elapsedMs < this.options.sliceMs / 2) this.chunk = Math.min(512, this.chunk * 2);
  }

  private urgentOf(folder: FolderState): Set<string> {
    let set = this.urgent.get(folder);
    if (!set) this.urgent.set(folder, (set = new Set()));
    return set;
  }

  private enqueue(folder: FolderState, files: readonly string[], front: boolean): void {
    if (files.length === 0) return;
    let bg = this.background.get(folder);
    if (!bg) this.background.set(folder, (bg = { files: [], queued: new Set() }));
    const fresh = files.filter((f) => !bg.queued.has(f));
    fresh.forEach((f) => bg.queued.add(f));
    if (front) bg.files.unshift(...fresh);
    else bg.files.push(...fresh);
    this.schedulePump();
  }

  private hasWork(): boolean {
    for (const set of this.urgent.values()) if (set.size > 0) return true;
    for (const bg of this.background.values()) if (bg.files.length > 0) return true;
    return false;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // setImmediate, not a microtask: incoming messages (a newer edit, a hover) get read first.
    setImmediate(() => {
      this.pumpScheduled = false;
      try {
        this.pump();
      } catch (e) {
        // A bug in recording or publishing must not stop the server; the next edit tries again.
        this.host.log(`analysis queue: ${describe(e)}`);
        this.host.onActivity({ busy: false, done: 0, total: 0 });
      }
    });
  }

  private pump(): void {
    this.flushTexts();
    if (this.timer) {
      // More typing arrived after this pump was scheduled: wait for the quiet period.
      return;
    }
    const urgentEntry = [...this.urgent].find(([, set]) => set.size > 0);
    let published: Promise<void> | undefined;
    if (urgentEntry) {
      const [folder, set] = urgentEntry;
      const files = [...set];
      set.clear();
      published = this.run(folder, files, false).published;
    } else {
      const entry = [...this.background].find(([, bg]) => bg.files.length > 0);
      const wait = Math.max(this.lastChangeAt + this.options.idleBeforeBackgroundMs, this.lastInputAt + INPUT_GRACE_MS) - Date.now();
      if (entry && wait > 0) {
        if (!this.idleTimer) {
          this.idleTimer = setTimeout(() => {
            this.idleTimer = undefined;
            this.schedulePump();
          }, wait);
        }
        return;
      }
      if (entry) {
        const [folder, bg] = entry;
        const files = bg.files.splice(0, this.chunk);
        files.forEach((f) => bg.queued.delete(f));
        const started = Date.now();
        const { analysed } = this.run(folder, files, true);
        const rest = files.filter((f) => !analysed.has(f));
        this.fullDone += files.length - rest.length;
        if (rest.length > 0) this.enqueue(folder, rest, true);
        this.adaptChunk(Date.now() - started, rest.length > 0);
      }
    }
    if (this.hasWork()) {
      this.host.onActivity({ busy: true, done: this.fullDone, total: this.fullTotal });
      // The edited file's diagnostics go out before background work blocks the thread: the
      // connection writes messages from a later turn of the event loop than this one.
      if (published) {
        this.pumpScheduled = true;
        void published.finally(() => {
          this.pumpScheduled = false;
          this.schedulePump();
        });
      } else this.schedulePump();
    } else {
      this.fullDone = 0;
      this.fullTotal = 0;
      this.host.onActivity({ busy: false, done: 0, total: 0 });
    }
  }

  /** Analyse files of one folder, record and publish; returns the files the engine analysed. */
  private run(folder: FolderState, files: string[], sliced: boolean): { analysed: Set<string>; published: Promise<void> } {
    const project = folder.project;
    if (!project) return { analysed: new Set(files), published: Promise.resolve() };
    const started = Date.now();
    const generation = this.generation;
    let doneInSlice = 0;
    const isCancelled = sliced
      ? () => doneInSlice > 0 && (this.generation !== generation || Date.now() - started > this.options.sliceMs)
      : () => false;
    const progress = (done: number, total: number) => {
      doneInSlice = done;
      if (sliced) this.host.onActivity({ busy: true, done: this.fullDone + done, total: Math.max(this.fullTotal, this.fullDone + total) });
    };
    let result: AnalysisResult;
    try {
      result = project.analyze(files, progress, isCancelled);
    } catch (e) {
      // An engine exception must not take the server down: report it as a problem on the files.
      this.host.log(`analysis failed: ${describe(e)}`);
      result = {
        files,
        flows: [],
        problems: files.map((file) => ({ file, message: `Privacy Lens could not analyse this file: ${describe(e)}`, severity: 'warning' as const })),
      };
    }
    this.analyses++;
    this.lastAnalysisMs = Date.now() - started;
    const recorded = folder.record(result);
    if (!sliced) {
      this.lastEditEngineMs = this.updateMsSinceRun + (Date.now() - started);
      this.updateMsSinceRun = 0;
    }
    const changedAt = this.lastChangeAt;
    const published = this.host
      .publish(folder, recorded)
      .then(() => {
        if (!sliced) this.lastEditServerMs = Date.now() - changedAt;
      })
      .catch((e) => this.host.log(`publish failed: ${describe(e)}`));
    const analysed = new Set(result.files);
    // A run that reports no files (none of them belong to the project) would be queued again
    // forever; count them as done. A slice is cancelled only after a file completed, so a
    // cancelled run always reports some.
    if (analysed.size === 0) files.forEach((f) => analysed.add(f));
    return { analysed, published };
  }
}

/** How long background work holds back after client input: a few dispatch turns of the event loop. */
const INPUT_GRACE_MS = 5;

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
