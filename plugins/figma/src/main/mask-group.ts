import type { PlaceLayer, SelectMode } from "../messages.js";
import { Refusal } from "./refusal.js";

/** How a mask group is named after what was selected: `Subject of Hero image`. */
const WHAT: Record<SelectMode, string> = { subject: "Subject", people: "People", background: "Background" };

/** The label of a Select result over `sourceName`. */
export function maskLabel(mode: SelectMode, sourceName: string): string {
  return `${WHAT[mode]} of ${sourceName}`;
}

/**
 * Turns a Select result into what Figma can show as a selection: Figma has no pixel selection, so the grey
 * mask (255 = selected) becomes a luminance mask (`isMask`, `maskType = "LUMINANCE"`: each pixel's luminance
 * is the opacity of the layers above it, https://developers.figma.com/docs/plugins/api/MaskType) under a copy
 * of the source image, grouped right above the source. The source itself is not touched.
 *
 * `placeCopy(imageHash)` puts a copy of the source painted with that image right above the source (the same
 * layer shape and paint layout, so mask pixels land on image pixels) and returns it. The image copy is placed
 * first, then the mask right above the source, so the mask ends up below the copy it masks.
 */
export async function groupMask<N extends SceneNode>(
  api: PluginAPI,
  layer: PlaceLayer,
  sourcePaint: ImagePaint,
  maskHash: string,
  placeCopy: (imageHash: string) => Promise<N>,
): Promise<GroupNode> {
  if (!layer.maskOf) throw new Refusal("Only a Select result can be placed as a mask.");
  if (!sourcePaint.imageHash) throw new Refusal("The selected layer no longer has an image; nothing was placed.");
  const copy = await placeCopy(sourcePaint.imageHash);
  const mask = await placeCopy(maskHash);
  const parent = mask.parent as (BaseNode & ChildrenMixin) | null;
  if (!parent || copy.parent !== parent) throw new Refusal("Figma moved the selection while placing it; try again.");
  mask.name = "Mask";
  copy.name = "Image";
  const absolute = "layoutMode" in parent && (parent as FrameNode).layoutMode !== "NONE";
  const group = api.group([mask, copy], parent, parent.children.indexOf(mask));
  // In auto-layout the group must stay out of the flow, as its two layers were.
  if (absolute) group.layoutPositioning = "ABSOLUTE";
  // Only once grouped: a mask masks every later sibling, and the group stops it at the copy.
  const maskable = mask as unknown as BlendMixin;
  maskable.isMask = true;
  maskable.maskType = "LUMINANCE";
  return group;
}
