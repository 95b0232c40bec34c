import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition.js";

describe("contentDisposition", () => {
  it("names the file by its base name only", () => {
    expect(contentDisposition("attachment", "logos/mark.svg")).toBe(
      `attachment; filename="mark.svg"; filename*=UTF-8''mark.svg`,
    );
  });

  it("keeps quotes, line breaks and non-ASCII out of the quoted name and spells them exactly in filename*", () => {
    const header = contentDisposition("inline", 'refs/a"b\r\nx-evil: 1 é.png');
    expect(header).toBe(
      `inline; filename="a_b__x-evil: 1 _.png"; filename*=UTF-8''a%22b%0D%0Ax-evil%3A%201%20%C3%A9.png`,
    );
    expect(header).not.toMatch(/[\r\n]/);
    // The header is accepted by the platform's own header validation.
    expect(() => new Headers({ "content-disposition": header })).not.toThrow();
  });
});
