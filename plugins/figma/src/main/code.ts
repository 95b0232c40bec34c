// Entry of the main-thread bundle (runs in Figma's sandbox: no DOM, no network).
import type { NetworkAccess } from "../messages.js";
import { createController } from "./controller.js";

declare const __EASEL_SERVER_URL__: string;
declare const __EASEL_NETWORK_ACCESS__: NetworkAccess;

const PANEL = { width: 380, height: 640 }; // px

const controller = createController(figma, {
  defaultServerUrl: __EASEL_SERVER_URL__,
  network: __EASEL_NETWORK_ACCESS__,
});
figma.showUI(__html__, { ...PANEL, title: "Easel", themeColors: true });
figma.ui.onmessage = (message: unknown) => void controller.handle(message);
figma.on("selectionchange", () => controller.selectionChanged());
// Closing (or cancelling) removes an unkept preview; `close` handlers must finish synchronously.
figma.on("close", () => controller.closing());
