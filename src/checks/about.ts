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

/** A warning at `about.contact` when it is a placeholder address. */
export function checkAbout(brief: Brief): Diagnostic[] {
  const contact = brief.config.value.about.contact;
  if (!isPlaceholderAddress(contact)) return [];
  return [
    diagnostic({
      rule: "about/placeholder-contact",
      at: locatePath(brief.yaml.brief, ["about", "contact"]),
      message: `the contact address ${contact} is on a domain reserved for examples; readers who write to it reach no one`,
    }),
  ];
}
