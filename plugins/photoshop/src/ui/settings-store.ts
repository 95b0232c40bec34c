import { utf8Decode } from "@easel/shared/client";
import type { KeyValueStorage } from "../host/provenance-store.js";

/** Where the API key lives: UXP `secureStorage` in Photoshop (encrypted by the OS keychain). */
export interface SecretStorage {
  getItem(key: string): Promise<Uint8Array | string | null>;
  setItem(key: string, value: string): Promise<void>;
}

export interface Settings {
  serverUrl: string;
  apiKey: string;
}

const URL_KEY = "easel.serverUrl";
const API_KEY = "easel.apiKey";

/** Server URL in `localStorage` (not secret), API key in secure storage (UTF-8 bytes on some versions). */
export class SettingsStore {
  constructor(
    private readonly plain: KeyValueStorage,
    private readonly secret: SecretStorage,
    private readonly defaultServerUrl: string,
  ) {}

  /** The saved settings (server URL defaults to the one the plugin was built for). */
  async load(): Promise<Settings> {
    const raw = await this.secret.getItem(API_KEY).catch(() => null);
    const apiKey = raw === null ? "" : typeof raw === "string" ? raw : utf8Decode(raw);
    return { serverUrl: this.plain.getItem(URL_KEY) || this.defaultServerUrl, apiKey };
  }

  /** Saves both settings. */
  async save(settings: Settings): Promise<void> {
    this.plain.setItem(URL_KEY, settings.serverUrl.trim());
    await this.secret.setItem(API_KEY, settings.apiKey.trim());
  }
}

/** Secret storage for a plain browser preview of the panel: this tab's memory only. */
export function memorySecretStorage(): SecretStorage {
  const map = new Map<string, string>();
  return {
    getItem: async (key) => map.get(key) ?? null,
    setItem: async (key, value) => void map.set(key, value),
  };
}
