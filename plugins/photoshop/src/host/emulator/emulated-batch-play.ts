import type { ActionDescriptor } from "../photoshop-api.js";
import type { EmulatedDocument } from "./emulated-document.js";

// The batchPlay descriptors the adapter sends, interpreted the way Photoshop does; anything
// else is refused loudly so a typo in a descriptor fails a test instead of passing silently.

interface Reference {
  _ref?: string;
  _id?: number;
  _enum?: string;
  _value?: string;
}

const refs = (target: unknown): Reference[] =>
  Array.isArray(target) ? (target as Reference[]) : target ? [target as Reference] : [];

/** Runs one descriptor against the documents; returns the (empty) result descriptor. */
export function runBatchPlay(
  command: ActionDescriptor,
  active: EmulatedDocument | null,
  documentById: (id: number) => EmulatedDocument,
): ActionDescriptor {
  const target = refs(command._target);
  const docRef = target.find((r) => r._ref === "document" && typeof r._id === "number");
  const doc = docRef ? documentById(docRef._id as number) : active;
  if (!doc) throw new Error("Photoshop: batchPlay needs an open document");
  switch (command._obj) {
    case "select": {
      const layerRef = target.find((r) => r._ref === "layer");
      if (typeof layerRef?._id !== "number") throw new Error("emulator: select needs a layer reference by _id");
      doc.layerById(layerRef._id);
      doc.selectLayers(layerRef._id);
      return { _obj: command._obj };
    }
    case "make": {
      const at = command.at as Reference | undefined;
      const created = command.new as { _class?: string } | undefined;
      const using = command.using as Reference | undefined;
      if (created?._class !== "channel" || at?._ref !== "channel" || at._enum !== "channel" || at._value !== "mask")
        throw new Error(`emulator: unsupported make descriptor ${JSON.stringify(command)}`);
      if (using?._enum !== "userMaskEnabled") throw new Error("emulator: a layer mask needs using: userMaskEnabled");
      const layer = doc.activeLayers[0];
      if (!layer) throw new Error("Photoshop: the command Make is not currently available (no active layer)");
      if (layer.mask) throw new Error("Photoshop: the command Make is not currently available (layer has a mask)");
      // Layer > Layer Mask is greyed out on a Background layer: it has no transparency to mask.
      if (layer.isBackgroundLayer)
        throw new Error("Photoshop: the command Make is not currently available (the Background layer)");
      const data = new Uint8Array(doc.width * doc.height);
      if (using._value === "revealAll") data.fill(255);
      else if (using._value === "revealSelection") {
        if (!doc.selectionMask) throw new Error("Photoshop: no selection to reveal");
        data.set(doc.selectionMask);
      } else if (using._value !== "hideAll") throw new Error(`emulator: unknown mask mode ${using._value}`);
      layer.mask = { left: 0, top: 0, width: doc.width, height: doc.height, data };
      doc.recordHistory("Add Layer Mask");
      return { _obj: command._obj };
    }
    default:
      throw new Error(`emulator: batchPlay ${String(command._obj)} is not emulated`);
  }
}
