import {
  type Command,
  type FileData,
  type MainToUi,
  MainToUi as MainToUiSchema,
  type PlaceLayer,
  type PreparedSource,
  type UiToMain,
} from "../messages.js";

type Answer = Extract<MainToUi, { requestId: number }>;

/** The UI's end of the message contract: posts to the main thread and pairs answers with requests. */
export class MainBridge {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private readonly listeners = new Set<(message: MainToUi) => void>();

  constructor(private readonly target: Window = window.parent) {
    window.addEventListener("message", (event: MessageEvent) => {
      const data = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage;
      if (data === undefined) return;
      const parsed = MainToUiSchema.safeParse(data);
      if (!parsed.success) return;
      const message = parsed.data;
      if ("requestId" in message) {
        this.pending.get(message.requestId)?.(message);
        this.pending.delete(message.requestId);
      }
      for (const listener of this.listeners) listener(message);
    });
  }

  /** Subscribes to every message from the main thread. */
  on(listener: (message: MainToUi) => void): void {
    this.listeners.add(listener);
  }

  /** Posts a message to the main thread (https://www.figma.com/plugin-docs/creating-ui/). */
  post(message: UiToMain): void {
    this.target.postMessage({ pluginMessage: message }, "*");
  }

  /** Asks the main thread to read what `command` needs from the selection; rejects with its refusal. */
  async prepare(
    command: Command,
    options: { scale?: 2 | 4; size?: { width: number; height: number } } = {},
  ): Promise<PreparedSource> {
    const answer = await this.request((requestId) => ({
      type: "prepare",
      requestId,
      command,
      ...(options.scale ? { scale: options.scale } : {}),
      ...(options.size ? { size: options.size } : {}),
    }));
    if (answer.type === "prepared") return answer.prepared;
    throw new Error(answer.type === "refused" ? answer.message : `unexpected answer ${answer.type}`);
  }

  /** Asks the main thread to place a result; resolves with the new layer's name. */
  async place(layer: PlaceLayer): Promise<string> {
    const answer = await this.request((requestId) => ({ type: "place", requestId, layer }));
    if (answer.type === "placed") return answer.name;
    throw new Error(answer.type === "refused" ? answer.message : `unexpected answer ${answer.type}`);
  }

  /** Shows `layer` on the canvas as the one temporary preview (replacing the last); resolves with its node id. */
  async preview(layer: PlaceLayer): Promise<string> {
    const answer = await this.request((requestId) => ({ type: "preview", requestId, layer }));
    if (answer.type === "previewed") return answer.nodeId;
    throw new Error(answer.type === "refused" ? answer.message : `unexpected answer ${answer.type}`);
  }

  /** Turns the canvas preview into the kept layer; resolves with its name. */
  async keepPreview(): Promise<string> {
    const answer = await this.request((requestId) => ({ type: "keep-preview", requestId }));
    if (answer.type === "placed") return answer.name;
    throw new Error(answer.type === "refused" ? answer.message : `unexpected answer ${answer.type}`);
  }

  /** Removes the canvas preview (and a frame made only for it). */
  async discardPreview(): Promise<void> {
    await this.request((requestId) => ({ type: "discard-preview", requestId }));
  }

  /** Stores this file's prompts, presets and brand kit; resolves with what was stored. */
  async saveFileData(data: FileData): Promise<FileData> {
    const answer = await this.request((requestId) => ({ type: "save-file-data", requestId, data }));
    if (answer.type === "file-data") return answer.data;
    throw new Error(answer.type === "refused" ? answer.message : `unexpected answer ${answer.type}`);
  }

  private request(build: (requestId: number) => UiToMain): Promise<Answer> {
    const requestId = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.post(build(requestId));
    });
  }
}
