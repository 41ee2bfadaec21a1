import type { DjangoPin, DjangoRelease } from '../src/engine/facts.ts';
import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';

const messages = {
  ended: { text: 'Django {{series}} is pinned; its security support ended {{when}}' },
  endsSoon: { text: 'Django {{series}} is pinned; its security support ends {{when}}', severity: 'warning' },
  olderThanTable: { text: 'Django {{series}} is pinned; it predates {{oldest}}, unsupported since {{date}}' },
  rangeEnded: { text: "'{{spec}}' allows only unsupported Django; {{series}} ended {{when}}" },
  rangeEndsSoon: { text: "'{{spec}}' allows only Django whose support ends by {{date}}", severity: 'warning' },
} as const;

type Messages = typeof messages;

/** A warning this many days before a series loses security support. */
const WARN_DAYS = 90;
const DAY_MS = 86_400_000;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The end of security support as the download page gives it: a day, or a month for future dates it only knows by month. */
function endDate(r: DjangoRelease): string {
  if (!r.monthOnly.includes('securitySupportEnds')) return r.securitySupportEnds;
  const [y, m] = r.securitySupportEnds.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** `on 2026-04-07`, or `in April 2028` for a date the download page gives as a month. */
function when(r: DjangoRelease): string {
  return r.monthOnly.includes('securitySupportEnds') ? `in ${endDate(r)}` : `on ${endDate(r)}`;
}

/** Whole days from the day of `now` (UTC) to the last day of support; negative once it has passed. */
function daysLeft(r: DjangoRelease, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${r.securitySupportEnds}T00:00:00Z`) - today) / DAY_MS);
}

type Status = 'ended' | 'endsSoon' | 'supported';

function statusOf(r: DjangoRelease, now: Date): Status {
  const d = daysLeft(r, now);
  return d < 0 ? 'ended' : d <= WARN_DAYS ? 'endsSoon' : 'supported';
}

function seriesNumbers(series: string): number[] {
  return series.split('.').map(Number);
}

function olderThan(a: string, b: string): boolean {
  const [a1 = 0, a2 = 0] = seriesNumbers(a);
  const [b1 = 0, b2 = 0] = seriesNumbers(b);
  return a1 !== b1 ? a1 < b1 : a2 < b2;
}

/**
 * Sections that hold development or test tools, not what runs in production: Pipfile `[dev-packages]` and
 * Pipfile.lock `develop`, Poetry dev groups, PEP 735 dependency groups, `[tool.uv] dev-dependencies`.
 */
function isDevelopment(pin: DjangoPin): boolean {
  switch (pin.source) {
    case 'pipfile':
      return pin.section === 'dev-packages';
    case 'pipfile.lock':
      return pin.section === 'develop';
    case 'poetry':
      return pin.section !== 'tool.poetry.dependencies' && pin.section !== 'tool.poetry.group.main.dependencies';
    case 'pep735':
      return true;
    case 'uv':
      return pin.section === 'tool.uv.dev-dependencies';
    default:
      return false;
  }
}

type Verdict = { readonly emit: Emit<Messages> } | { readonly unknown: string } | null;

function judge(pin: DjangoPin, releases: readonly DjangoRelease[], now: Date): Verdict {
  const where = `${pin.origin.file}:${pin.origin.line}`;
  if (pin.url !== null) return { unknown: `Django is installed from ${pin.url} (${where}): the version is not known` };
  if (pin.series !== null) {
    const r = releases.find((x) => x.series === pin.series);
    if (!r) {
      const oldest = releases[0];
      if (oldest && /^\d+\.\d+$/.test(pin.series) && olderThan(pin.series, oldest.series)) {
        return { emit: { messageId: 'olderThanTable', at: pin.origin, data: { series: pin.series, oldest: oldest.series, date: endDate(oldest) } } };
      }
      return { unknown: `Django ${pin.series} (${where}) is not a series in secaudit's release table` };
    }
    const status = statusOf(r, now);
    if (status === 'supported') return null;
    return { emit: { messageId: status, at: pin.origin, data: { series: r.series, when: when(r) } } };
  }
  const allowed = (pin.allowedSeries ?? []).map((s) => releases.find((r) => r.series === s)).filter((r): r is DjangoRelease => r !== undefined);
  if (pin.allowedSeries === null || allowed.length === 0) {
    return { unknown: `the Django requirement '${pin.spec ?? ''}' (${where}) allows no release series secaudit knows` };
  }
  // The finding must hold whichever allowed series gets installed: judge the best-supported one.
  const best = allowed.reduce((a, b) => (a.securitySupportEnds >= b.securitySupportEnds ? a : b));
  const spec = pin.spec === '' ? 'Django' : (pin.spec ?? '');
  switch (statusOf(best, now)) {
    case 'ended':
      return { emit: { messageId: 'rangeEnded', at: pin.origin, data: { spec, series: best.series, when: when(best) } } };
    case 'endsSoon':
      return { emit: { messageId: 'rangeEndsSoon', at: pin.origin, data: { spec, date: endDate(best) } } };
    case 'supported': {
      const old = allowed.filter((r) => statusOf(r, now) !== 'supported').map((r) => r.series);
      if (old.length === 0) return null;
      return { unknown: `'${spec}' (${where}) allows Django ${old.join(', ')}, whose security support has ended or ends soon, and supported series too; which one is installed is not known` };
    }
  }
}

export default defineRule({
  id: 'django-version-unsupported',
  title: 'The pinned Django release still gets security fixes',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'dependencies'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads every place the project pins or constrains Django (requirements*.txt and the files they include, pyproject.toml PEP 621 and Poetry tables, Pipfile, Pipfile.lock, poetry.lock, uv.lock) and compares the release series with the end of security support on djangoproject.com/download (bundled with secaudit; the date of the audit is the run's clock). A series past its end is an error, one that ends within 90 days a warning; the finding names the series and the date, at the pin. A constraint that allows several series (`>=3.2,<5.0`) is reported only when every series it allows is past its end (or within 90 days of it); when it also allows supported ones, which one is installed is not known and the rule reports could-not-verify. When the project has a lock file, its entries decide: loose constraints elsewhere are not judged (exact pins still are). Development-only sections (Pipfile dev-packages, Poetry dev groups, PEP 735 dependency groups) are skipped, and of several pins in one file that differ only by environment marker none is judged. A URL or VCS requirement, or a series newer than the bundled table, is could-not-verify.",
    why: "Django publishes security releases only for supported series. Once a series is past its end, vulnerabilities fixed in later releases (SQL injection in QuerySet methods, denial of service in form parsing, header injection) stay open in it, and new ones are not even announced for it. A pin to an old series keeps the deployment on code that will not be fixed.",
    severity: 'Error once support has ended (known, unfixed vulnerabilities accumulate); warning within 90 days of the end, the time to plan the upgrade.',
    bad: { settings: 'DEBUG = False\n', files: { 'requirements.txt': 'Django==4.1.13\ngunicorn==21.2.0\n' } },
    good: { settings: 'DEBUG = False\n', files: { 'requirements.txt': 'Django==5.2.8\ngunicorn==23.0.0\n' } },
    fix: 'Upgrade to a supported series (an LTS release, X.2, gets three years of security fixes) and keep the pin current with the patch releases.',
  },
  messages,
  hint: 'Upgrade Django to a supported release series (see djangoproject.com/download).',
  references: ['https://www.djangoproject.com/download/#supported-versions', 'https://docs.djangoproject.com/en/stable/internals/release-process/#supported-versions'],
  since: '0.1.0',
  check(ctx) {
    const { djangoPins, releases } = ctx.facts;
    const deployed = djangoPins.filter((p) => !isDevelopment(p));
    if (deployed.length === 0) return skip('the project pins no Django version (requirements, pyproject.toml, Pipfile or a lock file)');
    const locked = deployed.some((p) => p.locked);
    const judged = locked ? deployed.filter((p) => p.locked || p.exact !== null) : deployed;
    const out: Emit<Messages>[] = [];
    let unclear: { reason: string; at: Origin } | null = null;
    for (const pin of judged) {
      // Alternatives by environment marker (`Django==3.2; python_version < "3.8"`): which applies depends on the Python.
      const rivals = judged.filter((p) => p !== pin && p.origin.file === pin.origin.file && p.section === pin.section);
      const v = judge(pin, releases, ctx.now);
      if (v === null) continue;
      if (pin.marker !== null && rivals.length > 0) {
        if ('emit' in v) unclear ??= { reason: `the pin at ${pin.origin.file}:${pin.origin.line} applies only where ${pin.marker}`, at: pin.origin };
        continue;
      }
      if ('unknown' in v) unclear ??= { reason: v.unknown, at: pin.origin };
      else out.push(v.emit);
    }
    if (out.length === 0 && unclear !== null) {
      const u: { reason: string; at: Origin } = unclear;
      return unknownFor(null, unresolved(u.reason, '', u.at));
    }
    return out;
  },
});
