/**
 * The date stamped into an edition's PDF (CreationDate, ModDate):
 * SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the brief's
 * edition date at midnight UTC. Never the wall clock, so rebuilding the
 * same inputs gives the same bytes.
 */
export function stampDate(env: NodeJS.ProcessEnv, editionDate: string): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${editionDate}T00:00:00Z`);
}
