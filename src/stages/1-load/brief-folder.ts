import { lstat } from "node:fs/promises";
import path from "node:path";
import { ID_PATTERN } from "../../config/schemas.js";
import { diagnostic, fileLocation, type Diagnostic } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";

/**
 * A brief folder's name is the brief's id: it reaches output file names,
 * HTML, URLs and progress lines, so it must be an id (the same rule as
 * section and fact ids). A folder that is a symbolic link is refused too:
 * it would let a pull request build a brief from anywhere on the machine.
 * The name is quoted (JSON) in the message so that a line break in it
 * cannot forge a line of output.
 */
export async function briefFolderProblem(
  root: string,
  contentDir: string,
  name: string,
): Promise<Diagnostic | undefined> {
  const at = fileLocation(posixRelative(root, contentDir));
  const shown = JSON.stringify(name);
  if (!ID_PATTERN.test(name))
    return diagnostic({
      rule: "brief/invalid-id",
      at,
      message: `brief folder ${shown} is not an id (lower-case letters, digits and hyphens); it was not built`,
    });
  if ((await lstat(path.join(contentDir, name))).isSymbolicLink())
    return diagnostic({
      rule: "file/outside-project",
      at,
      message: `brief folder ${shown} is a symbolic link; a brief must be a real folder inside the project`,
    });
  return undefined;
}
