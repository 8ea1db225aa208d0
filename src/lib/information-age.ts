/**
 * How old a brief's information is at its edition date. Both dates come
 * from brief.yaml, never from the clock, so the same content always says
 * the same thing: the cover's age sentence and `brief/information-age`
 * agree because both are computed here.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The age of the information behind an edition. */
export interface InformationAge {
  /** Whole days from `information_as_of` to `edition_date`. */
  readonly days: number;
  /** Whole calendar months between the two dates (10 Feb → 9 Mar is 0, → 10 Mar is 1). */
  readonly months: number;
  /** True when the information is older than the review period. */
  readonly beyondReview: boolean;
  /** The age in words: "21 months", "1 month", "12 days". */
  readonly text: string;
}

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Whole calendar months from `from` to `to` (both `YYYY-MM-DD`), never negative. */
export function wholeMonths(from: string, to: string): number {
  const a = utc(from);
  const b = utc(to);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate()) months--;
  return Math.max(0, months);
}

/** The age of information as of `asOf` at `editionDate`, against a review period in days. */
export function informationAge(asOf: string, editionDate: string, reviewPeriodDays: number): InformationAge {
  const days = Math.max(0, Math.round((utc(editionDate).getTime() - utc(asOf).getTime()) / DAY_MS));
  const months = wholeMonths(asOf, editionDate);
  const text = months >= 1 ? `${months} month${months === 1 ? "" : "s"}` : `${days} day${days === 1 ? "" : "s"}`;
  return { days, months, beyondReview: days > reviewPeriodDays, text };
}
