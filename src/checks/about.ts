import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief } from "../model.js";

/**
 * `about/placeholder-contact`: the back matter's contact address is on a
 * domain reserved for examples (RFC 2606 and RFC 6761), so no reader's mail
 * would ever arrive. A brief may be drafted with one; it must not go out
 * with one unnoticed.
 */

/** Second-level names reserved for documentation, and top-level names that never resolve. */
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

/** Whether `address`'s domain is reserved for examples or can never resolve. */
export function isPlaceholderAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  return RESERVED_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`)) || RESERVED_TLDS.includes(tld);
}

/** A reviewer written as a role ("the unit's editorial lead") rather than a person's name. */
export function isRoleNotName(reviewer: string): boolean {
  return /^(the|our|a|an|your)\s/i.test(reviewer.trim()) || !/\p{Lu}/u.test(reviewer);
}

/**
 * `brief/placeholder`: a `final` brief may not carry placeholders, in build
 * and check alike: a contact on a domain reserved for examples, or a
 * reviewer given as a role instead of a name. A draft or specimen says on
 * every page that its details are placeholders, so there they are only
 * `brief check`'s warning (about/placeholder-contact).
 */
export function checkFinal(brief: Brief): Diagnostic[] {
  const c = brief.config.value;
  if (c.status !== "final") return [];
  const out: Diagnostic[] = [];
  if (isPlaceholderAddress(c.about.contact))
    out.push(
      diagnostic({
        rule: "brief/placeholder",
        at: locatePath(brief.yaml.brief, ["about", "contact"]),
        message: `a final brief's contact address, ${c.about.contact}, is a placeholder on a domain reserved for examples`,
      }),
    );
  if (isRoleNotName(c.about.reviewed_by))
    out.push(
      diagnostic({
        rule: "brief/placeholder",
        at: locatePath(brief.yaml.brief, ["about", "reviewed_by"]),
        message: `a final brief names its reviewer as a role ("${c.about.reviewed_by}"), not a person`,
      }),
    );
  return out;
}

/** A warning at `about.contact` when it is a placeholder address in a draft or specimen (a final brief's is an error: checkFinal). */
export function checkAbout(brief: Brief): Diagnostic[] {
  const contact = brief.config.value.about.contact;
  if (brief.config.value.status === "final" || !isPlaceholderAddress(contact)) return [];
  return [
    diagnostic({
      rule: "about/placeholder-contact",
      at: locatePath(brief.yaml.brief, ["about", "contact"]),
      message: `the contact address ${contact} is on a domain reserved for examples; readers who write to it reach no one`,
    }),
  ];
}
