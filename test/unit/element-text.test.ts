import { describe, expect, it } from "vitest";
import { isRightToLeft, passageKey } from "../../src/lib/pdf/element-text.js";

/**
 * How a passage of the HTML is found again in a PDF's text: Chromium prints
 * right-to-left lines in visual order, so an Arabic passage's logical text
 * never equals its printed text (issue 27: the Arabic paragraph got no
 * /Lang, and the checker did not notice).
 */

const LOGICAL = "يتناول التقرير تكلفة التدريب.";
// What poppler and the content stream give for that line: the glyphs left to right.
const VISUAL = ".بيردتلا ةفلكت ريرقتلا لوانتي";

describe("passageKey", () => {
  it("finds an Arabic passage in its printed, visual-order text", () => {
    expect(passageKey(VISUAL, "ar")).toBe(passageKey(LOGICAL, "ar"));
    expect(passageKey(VISUAL, "ar-EG")).toBe(passageKey(LOGICAL, "ar-EG"));
  });

  it("folds Arabic presentation forms to their letters", () => {
    // U+FEDF U+FEE0: LAM initial and medial forms; U+0644 twice once folded.
    expect(passageKey("\uFEDF\uFEE0", "ar")).toBe(passageKey("\u0644\u0644", "ar"));
  });

  it("keeps order for left-to-right languages: the same letters in another order are another text", () => {
    expect(passageKey("raison d'être", "fr")).not.toBe(passageKey("d'être raison", "fr"));
    expect(passageKey("raison\n d'être", "fr")).toBe(passageKey("raison d'être", "fr"));
  });

  it("still tells different Arabic passages apart", () => {
    expect(passageKey("الشفافية", "ar")).not.toBe(passageKey(LOGICAL, "ar"));
  });

  it("knows which languages run right to left", () => {
    expect(["ar", "he", "fa-IR", "ur", "yi"].map(isRightToLeft)).toEqual([true, true, true, true, true]);
    expect(["en", "fr", "zh-Hans", "ru", "arn"].map(isRightToLeft)).toEqual([false, false, false, false, false]);
  });
});
