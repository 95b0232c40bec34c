import type { ActionDescriptor } from "./photoshop-api.js";

// The DOM has no call to add a layer mask, so it goes through batchPlay: select the layer, then
// Layer > Layer Mask > Hide All (`make` a `channel` at the `mask` channel). Hide All, not Reveal All:
// `imaging.putLayerMask` then writes the selection with `replace: true`, and whatever it does not
// cover must stay hidden, never revealed by a white mask left over from the first step.

/** Descriptors that make `layerId` the target layer and give it a black (hide-all) layer mask. */
export function addHideAllMaskDescriptors(documentId: number, layerId: number): ActionDescriptor[] {
  return [
    {
      _obj: "select",
      _target: [
        { _ref: "layer", _id: layerId },
        { _ref: "document", _id: documentId },
      ],
      makeVisible: false,
    },
    {
      _obj: "make",
      new: { _class: "channel" },
      at: { _ref: "channel", _enum: "channel", _value: "mask" },
      using: { _enum: "userMaskEnabled", _value: "hideAll" },
    },
  ];
}
