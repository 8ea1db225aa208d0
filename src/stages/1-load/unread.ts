import { readdir } from "node:fs/promises";
import { diagnostic, fileLocation, type Diagnostic } from "../../diagnostics/index.js";

/**
 * Files in a brief's `sections/` folder that the load stage does not read:
 * anything not ending in `.md` (`50-reporting.markdown`, `notes.txt`,
 * `20-costs.MD`) and any sub-folder. Each gets a warning naming it, so a
 * section saved with another extension is never missing without a word.
 * Hidden files (`.DS_Store`, an editor's swap file) are not reported.
 */

/** The extension a section file must have to be read. */
export const SECTION_EXTENSION = ".md";

/** A warning for each entry of `absFolder` (shown as `folder`, project-relative) that is not read as a section. */
export async function unreadSectionFiles(absFolder: string, folder: string): Promise<Diagnostic[]> {
  let entries;
  try {
    entries = await readdir(absFolder, { withFileTypes: true });
  } catch {
    return []; // a missing folder is brief/no-sections
  }
  return (
    entries
      // A folder named *.md is read, and reported as file/unreadable.
      .filter((e) => !e.name.startsWith(".") && !e.name.endsWith(SECTION_EXTENSION))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((e) => {
        const file = `${folder}/${e.name}`;
        if (e.isDirectory())
          return diagnostic({
            rule: "section/unread-file",
            at: fileLocation(file),
            message: `folder ${e.name} in ${folder} is not read: sections are the ${SECTION_EXTENSION} files directly in ${folder}`,
            hint: `Move its ${SECTION_EXTENSION} files up into ${folder} to print them, or move the folder out of ${folder}.`,
          });
        const stem = e.name.includes(".") ? e.name.slice(0, e.name.lastIndexOf(".")) : e.name;
        return diagnostic({
          rule: "section/unread-file",
          at: { file, line: 1, column: 1 },
          message: `${e.name} is not read: only ${SECTION_EXTENSION} files in ${folder} are sections`,
          hint: `Rename it to ${stem}${SECTION_EXTENSION} to print it, or move it out of ${folder}.`,
        });
      })
  );
}
