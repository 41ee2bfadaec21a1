import { describe, expect, it } from 'vitest';
import table from '../../../data/django-releases.json' with { type: 'json' };
import { djangoReleases, findRelease, releaseTableSchema } from '../../../src/loaders/facts/releases.ts';
import { compareVersions, parseVersion } from '../../../src/loaders/facts/versions.ts';

const releases = djangoReleases();
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const months = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
};

describe('data/django-releases.json', () => {
  it('matches its schema and names its source', () => {
    const parsed = releaseTableSchema.safeParse(table);
    expect(parsed.success).toBe(true);
    expect(table.source).toContain('https://www.djangoproject.com/download/');
    expect(table.source).toContain('releases/fixtures/doc_releases.json');
  });

  it('holds every series from 1.11 to 6.2, then the year-named 2028 and 2029', () => {
    expect(releases.map((r) => r.series)).toEqual(['1.11', '2.0', '2.1', '2.2', '3.0', '3.1', '3.2', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '2028', '2029']);
  });

  it('is sorted by release date and by version, with real calendar dates', () => {
    for (const r of releases) {
      for (const d of [r.released, r.mainstreamSupportEnds, r.securitySupportEnds]) {
        expect(new Date(day(d)).toISOString().slice(0, 10), `${r.series}: ${d}`).toBe(d);
      }
    }
    for (let k = 1; k < releases.length; k++) {
      const [prev, cur] = [releases[k - 1]!, releases[k]!];
      expect(day(cur.released), cur.series).toBeGreaterThan(day(prev.released));
      expect(compareVersions(parseVersion(cur.series)!, parseVersion(prev.series)!), cur.series).toBeGreaterThan(0);
    }
  });

  it('every series is released before its mainstream support ends, which is no later than its security support', () => {
    for (const r of releases) {
      expect(day(r.released), r.series).toBeLessThan(day(r.mainstreamSupportEnds));
      expect(day(r.mainstreamSupportEnds), r.series).toBeLessThanOrEqual(day(r.securitySupportEnds));
    }
  });

  it('LTS is 1.11 and every X.2 from 2.2 to 6.2; year-named releases have no LTS', () => {
    const lts = releases.filter((r) => r.lts).map((r) => r.series);
    expect(lts).toEqual(['1.11', '2.2', '3.2', '4.2', '5.2', '6.2']);
  });

  it('security support lasts about 16 months for a feature release and 3 years for an LTS or a year-named release', () => {
    for (const r of releases) {
      const span = months(r.released, r.securitySupportEnds);
      const expected = r.lts || !r.series.includes('.') ? 36 : 16;
      expect(span, r.series).toBe(expected);
    }
  });

  it("a series' mainstream support ends when the next one is released (within days; 6.2 → 2028 changes the schedule)", () => {
    for (let k = 0; k + 1 < releases.length; k++) {
      const [cur, next] = [releases[k]!, releases[k + 1]!];
      const gapDays = Math.abs(day(next.released) - day(cur.mainstreamSupportEnds)) / 86_400_000;
      if (cur.series === '6.2') expect(gapDays, cur.series).toBe(31);
      else expect(gapDays, `${cur.series} → ${next.series}`).toBeLessThanOrEqual(2);
    }
  });

  it('a month-only date is the last day of its month, and is explained in the note', () => {
    for (const r of releases) {
      for (const field of r.monthOnly) {
        const d = new Date(day(r[field]));
        const nextDay = new Date(d.getTime() + 86_400_000);
        expect(nextDay.getUTCDate(), `${r.series}.${field}`).toBe(1);
      }
      if (r.monthOnly.length > 0) expect(r.note, r.series).toMatch(/April|December|January/);
    }
    expect(findRelease(releases, '5.2')?.monthOnly).toEqual(['securitySupportEnds']);
    expect(findRelease(releases, '4.2')?.monthOnly).toEqual([]);
  });

  it('findRelease looks a series up exactly', () => {
    expect(findRelease(releases, '4.2')).toMatchObject({ series: '4.2', released: '2023-04-03', securitySupportEnds: '2026-04-07', lts: true });
    expect(findRelease(releases, '6.1')).toMatchObject({ released: '2026-08-05', mainstreamSupportEnds: '2027-04-30', securitySupportEnds: '2027-12-31' });
    expect(findRelease(releases, '1.8')).toBeUndefined();
    expect(findRelease(releases, '4.20')).toBeUndefined();
  });

  it('returns the same frozen table on every call', () => {
    expect(djangoReleases()).toBe(releases);
    expect(Object.isFrozen(releases)).toBe(true);
    expect(Object.isFrozen(releases[0])).toBe(true);
  });
});
