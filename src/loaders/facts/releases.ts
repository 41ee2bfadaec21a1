import * as z from 'zod/mini';
import table from '../../../data/django-releases.json' with { type: 'json' };
import type { DjangoRelease } from '../../engine/facts.ts';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'));

/** The bundled data file is a boundary: checked once, then plain readonly data. */
export const releaseTableSchema = z.object({
  source: z.string(),
  retrieved: isoDate,
  howToUpdate: z.string(),
  releases: z.array(
    z.object({
      series: z.string().check(z.regex(/^(\d+\.\d+|\d{4})$/, 'must be X.Y or a year')),
      released: isoDate,
      mainstreamSupportEnds: isoDate,
      securitySupportEnds: isoDate,
      lts: z.boolean(),
      monthOnly: z.array(z.enum(['released', 'mainstreamSupportEnds', 'securitySupportEnds'])),
      note: z.nullable(z.string()),
    }),
  ),
});

let cached: readonly DjangoRelease[] | null = null;

/** The Django release series of data/django-releases.json, oldest first. */
export function djangoReleases(): readonly DjangoRelease[] {
  if (!cached) {
    const parsed = releaseTableSchema.safeParse(table);
    // The file ships with secaudit and is checked by its tests: a bad table is a bug, not a user error.
    if (!parsed.success) throw new Error(`data/django-releases.json is invalid: ${parsed.error.message}`);
    cached = Object.freeze(parsed.data.releases.map((r) => Object.freeze({ ...r, monthOnly: Object.freeze([...r.monthOnly]) })));
  }
  return cached;
}

/** The table entry of a series (`4.2`, `2028`), if the table has it. */
export function findRelease(releases: readonly DjangoRelease[], series: string): DjangoRelease | undefined {
  return releases.find((r) => r.series === series);
}
