// UXP manifest v5 for Photoshop: https://developer.adobe.com/photoshop/uxp/2022/guides/uxp_guide/uxp-misc/manifest-v5/

export const PLUGIN_ID = "dev.easel.photoshop";
export const PANEL_ID = "easelPanel";
/**
 * The newest API the code cannot do without: the imaging API (`getPixels` with `colorProfile` and
 * `targetSize`, `getSelection`, `putPixels`, `putLayerMask`) is Photoshop 24.4 (@minVersion in
 * @types/photoshop). Newer APIs are feature-detected: `Document.selection` (25.0) falls back to
 * `imaging.getSelection`, a streaming `Response.body` (UXP 7.3 = Photoshop 25.2) falls back to
 * polling the job (plugins/core).
 */
export const MIN_PHOTOSHOP = "24.4.0";

export interface ManifestOptions {
  /**
   * Network origins the panel may reach, or "all". UXP blocks every origin the manifest does not
   * list, and the manifest is fixed at install time, while the Easel server is set by the user at
   * run time (Settings → Server URL). Default "all", as shipping Stable Diffusion panels do; a
   * studio that wants a locked-down build passes its server's origin(s).
   */
  domains?: "all" | string[];
  version: string;
}

/** The origin a server URL must be allowed as in `requiredPermissions.network.domains`. */
export function networkDomain(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`server URL must be http(s), got ${serverUrl}`);
  return url.origin;
}

/** The plugin's manifest.json (v5): host PS, one panel entry point, network access as `domains` says. */
export function buildManifest(options: ManifestOptions) {
  return {
    manifestVersion: 5,
    id: PLUGIN_ID,
    name: "Easel",
    version: options.version,
    main: "index.html",
    host: { app: "PS", minVersion: MIN_PHOTOSHOP },
    entrypoints: [
      {
        type: "panel",
        id: PANEL_ID,
        label: { default: "Easel" },
        minimumSize: { width: 260, height: 320 },
        maximumSize: { width: 2000, height: 2000 },
        preferredDockedSize: { width: 300, height: 600 },
        preferredFloatingSize: { width: 320, height: 640 },
      },
    ],
    requiredPermissions: {
      network: { domains: options.domains ?? "all" },
      localFileSystem: "plugin",
    },
  };
}
