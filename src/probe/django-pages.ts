import type { AdminMarker, DebugMarker } from './observation.ts';

/**
 * Fixed text of Django's debug pages, from django/views/templates/technical_404.html and technical_500.html
 * (identical in Django 3.2 to 6.x apart from the apostrophe of "You’re", which is left out). Matched after
 * runs of whitespace are collapsed, as the templates break these lines differently.
 */
const DEBUG_TEXT: readonly (readonly [DebugMarker, readonly string[]])[] = [
  ['debug-true-explanation', ['seeing this error because you have <code>DEBUG = True</code>']],
  ['urlconf-list', ['Using the URLconf defined in <code>']],
  ['not-found-title', ['<title>Page not found at ']],
  // Django ≤ 3.1 writes <th>, later releases <th scope="row">.
  ['django-version-row', ['Django Version:</th>']],
  ['settings-table', ['<h3 id="settings-info">Settings</h3>']],
  ['dpaste-form', ['value="Django Dpaste Agent"']],
];

/** django/contrib/admin/templates/admin/login.html and base_site.html. */
const ADMIN_TEXT: readonly (readonly [AdminMarker, readonly string[]])[] = [
  ['login-form', ['id="login-form"', 'id=login-form']],
  ['admin-stylesheet', ['admin/css/login.css', 'admin/css/base.css']],
  ['site-name', ['id="site-name"', 'id=site-name']],
  ['default-branding', ['Django administration', 'Django site admin']],
  ['csrf-token-field', ['name="csrfmiddlewaretoken"', 'name=csrfmiddlewaretoken']],
];

function collapse(body: string): string {
  return body.replace(/\s+/g, ' ');
}

function find<M extends string>(body: string, table: readonly (readonly [M, readonly string[]])[]): M[] {
  const text = collapse(body);
  return table.filter(([, needles]) => needles.some((n) => text.includes(n))).map(([marker]) => marker);
}

export function debugMarkers(body: string): { markers: DebugMarker[]; debugPage: 'technical-404' | 'technical-500' | null } {
  const markers = find(body, DEBUG_TEXT);
  const has = (m: DebugMarker): boolean => markers.includes(m);
  let debugPage: 'technical-404' | 'technical-500' | null = null;
  if (has('debug-true-explanation')) {
    if (has('not-found-title') || has('urlconf-list')) debugPage = 'technical-404';
    else if (has('django-version-row') || has('settings-table') || has('dpaste-form')) debugPage = 'technical-500';
  }
  return { markers, debugPage };
}

export function adminMarkers(body: string): { markers: AdminMarker[]; djangoAdmin: boolean } {
  const markers = find(body, ADMIN_TEXT);
  const djangoAdmin = markers.includes('login-form') && (markers.includes('admin-stylesheet') || markers.includes('site-name'));
  return { markers, djangoAdmin };
}
