import type { PhotoshopApi } from "../host/photoshop-api.js";
import { ProvenanceStore } from "../host/provenance-store.js";
import { defineSpectrumShims } from "./browser-shim.js";
import { Panel } from "./panel.js";
import { memorySecretStorage, type SecretStorage, SettingsStore } from "./settings-store.js";

// Panel entry point. UXP provides `require("photoshop")` and `require("uxp")`; a plain browser has
// neither, and the panel then runs as a preview (settings, history, no commands).

declare const EASEL_SERVER_URL: string; // the default server, replaced at build time (build.ts)
declare const require: ((id: string) => unknown) | undefined;

function uxpModule<T>(id: string): T | null {
  try {
    return typeof require === "function" ? (require(id) as T) : null;
  } catch {
    return null;
  }
}

const ps = uxpModule<PhotoshopApi>("photoshop");
const uxp = uxpModule<{ storage: { secureStorage: SecretStorage } }>("uxp");
if (!ps) defineSpectrumShims();

const panel = new Panel({
  ps,
  settings: new SettingsStore(localStorage, uxp?.storage.secureStorage ?? memorySecretStorage(), EASEL_SERVER_URL),
  provenance: new ProvenanceStore(localStorage),
  storage: localStorage,
  root: document,
});
void panel.start();
