import type { RunUpdate } from "@easel/plugin-core";
import { byId } from "./dom.js";

/**
 * The run panel: progress in words with a bar, the latent or tile preview the server streams when it
 * has one, and Cancel, visible for the whole run.
 */
export const progressView = {
  start(words: string): void {
    byId("run-panel").hidden = false;
    byId("preview").hidden = true;
    byId("progress-bar").style.width = "0";
    byId<HTMLButtonElement>("cancel").disabled = false;
    byId("status").textContent = words;
  },

  say(words: string): void {
    byId("status").textContent = words;
  },

  update(update: RunUpdate): void {
    if (update.status !== "succeeded") byId("status").textContent = update.label;
    byId("progress-bar").style.width = `${Math.round(update.percent)}%`;
    if (update.preview) {
      const img = byId<HTMLImageElement>("preview");
      img.src = update.preview;
      img.hidden = false;
    }
  },

  cancelling(): void {
    byId<HTMLButtonElement>("cancel").disabled = true;
    byId("status").textContent = "Cancelling…";
  },

  end(): void {
    byId("run-panel").hidden = true;
  },
};
