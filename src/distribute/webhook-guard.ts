import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Where a webhook may post, and which secret it may carry. A webhook line
 * in distribution.yaml can come from a stranger's pull request, and the run
 * that sends it has every CI secret in its environment, so:
 *
 * - `token_env` must name a variable made for webhook tokens
 *   (`BRIEF_WEBHOOK_…`), never BRIEF_SMTP_URL, HOME or a cloud key;
 * - the host must be public: loopback, private, link-local, unique-local,
 *   carrier-grade NAT and the other reserved ranges are refused, as literal
 *   addresses when the file is checked and as the addresses a name resolves
 *   to at the moment of connecting (the lookup itself refuses them, so a
 *   name cannot resolve to a public address when checked and a private one
 *   when used).
 */

/** The prefix every `token_env` must start with. */
export const WEBHOOK_TOKEN_PREFIX = "BRIEF_WEBHOOK_";

/** Whether an IP address is a public unicast address (the only kind a webhook may reach). */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range() === "unicast";
}

/** Names that always mean this machine or its local network, whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|local|localdomain|internal|home\.arpa|lan)$/iu;

/**
 * Why a URL's host may not receive a webhook, or undefined when it may.
 * Checks what can be known without the network: a literal address must be
 * public; a name must be a dotted internet name, not a local one.
 */
export function hostProblem(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/gu, "").replace(/\.$/u, "");
  if (isIP(host)) return isPublicAddress(host) ? undefined : `${host} is not a public address`;
  if (LOCAL_NAME.test(host)) return `${host} is a local name`;
  if (!host.includes(".")) return `${host} is not a fully qualified internet host name`;
  return undefined;
}

/** Which resolved addresses a connection may use; the default allows public ones only. */
export type AddressPolicy = (ip: string) => boolean;

/** The `lookup` signature `https.request` accepts. */
export type Lookup = (
  hostname: string,
  options: object,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Resolves a name to all its addresses (dns.lookup with `all: true`). */
export type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** An error for a host that resolved to an address a webhook may not reach. */
export class BlockedAddressError extends Error {
  constructor(hostname: string, address: string) {
    const what = hostname === address ? address : `${hostname} resolves to ${address}, which`;
    super(`${what} is not a public address; nothing was sent`);
    this.name = "BlockedAddressError";
  }
}

/**
 * A DNS lookup for `https.request` that refuses when any address the name
 * resolves to is not allowed by `policy`. Used as the connection's own
 * lookup, so the checked address is the one connected to.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolve = dnsLookup): Lookup {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses;
      const bad = list.find((a) => !policy(a.address));
      if (bad) return callback(new BlockedAddressError(hostname, bad.address), []);
      const wantsAll = (options as { all?: boolean }).all === true;
      const first = list[0];
      if (wantsAll || !first) return callback(null, list);
      callback(null, first.address, first.family);
    });
  };
}

/** How the real poster checks and resolves addresses. */
export interface AddressSeam {
  policy: AddressPolicy;
  resolve: Resolve;
}

/** The real addresses: public ones only, real DNS. */
const PUBLIC_ONLY: AddressSeam = { policy: isPublicAddress, resolve: dnsLookup };

/**
 * Where a replacement seam may be put before the CLI starts. Not an option:
 * only the workflow simulation sets it, from a module it preloads into the
 * CLI process (test/simulate/webhook-loopback.mjs, NODE_OPTIONS=--import),
 * so its local receiver can stand in for a public host. A global symbol,
 * because the CLI may run from the bundle (its own copy of this module).
 * Code that can preload a module into the process can do anything anyway.
 */
export const ADDRESS_SEAM_KEY = Symbol.for("brief.webhook-address-seam");

/** The seam the real poster uses for this request. */
export function addressSeam(): AddressSeam {
  const replaced: unknown = (globalThis as Record<symbol, unknown>)[ADDRESS_SEAM_KEY];
  return isSeam(replaced) ? replaced : PUBLIC_ONLY;
}

function isSeam(v: unknown): v is AddressSeam {
  return typeof v === "object" && v !== null && "policy" in v && "resolve" in v;
}
