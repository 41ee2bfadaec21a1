/** Public suffixes and shared hosting domains (allowed-hosts-wildcard, csrf-trusted-origins-insecure). */

/*
 * Domains under which other people get hosts. An excerpt, not the whole Public Suffix List
 * (https://publicsuffix.org/list/public_suffix_list.dat): common ICANN second-level suffixes, and platform domains
 * that hand out subdomains to their customers (in the list's PRIVATE section, some as `*.run.app`-style wildcards;
 * amazonaws.com and railway.app are not listed themselves, but their subdomains belong to other customers too). Any single label that is a
 * top-level domain (`.com`, `.io`, a two-letter country code) is a public suffix too: see GENERIC_TLDS.
 */
const SECOND_LEVEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'ac.uk', 'gov.uk', 'net.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au',
  'co.nz', 'net.nz', 'org.nz',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
  'co.kr', 'or.kr', 'co.in', 'net.in', 'org.in', 'co.za', 'org.za', 'co.il', 'org.il', 'co.id', 'co.th',
  'com.br', 'net.br', 'org.br', 'com.ar', 'com.mx', 'com.co', 'com.pe', 'com.cn', 'net.cn', 'org.cn',
  'com.hk', 'com.tw', 'com.sg', 'com.my', 'com.ph', 'com.tr', 'com.ua', 'com.pl', 'com.es', 'com.pt', 'com.gr', 'com.eg', 'com.ng', 'com.pk', 'com.sa',
]);

const HOSTING_SUFFIXES = new Set([
  'herokuapp.com', 'vercel.app', 'now.sh', 'onrender.com', 'fly.dev', 'pythonanywhere.com',
  'appspot.com', 'web.app', 'firebaseapp.com', 'run.app', 'azurewebsites.net', 'cloudapp.net', 'azurestaticapps.net',
  'elasticbeanstalk.com', 'amazonaws.com', 'cloudfront.net', 'awsapprunner.com', 'github.io', 'gitlab.io',
  'netlify.app', 'pages.dev', 'workers.dev', 'trycloudflare.com', 'ngrok.io', 'ngrok.app', 'ngrok-free.app',
  'ngrok.dev', 'railway.app', 'up.railway.app', 'ondigitalocean.app', 'replit.dev', 'repl.co',
  'readthedocs.io', 'blogspot.com',
]);

/** Generic top-level domains seen in practice; every two-letter label is a country-code TLD (ISO 3166). */
const GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'app', 'dev', 'ai', 'me', 'tv', 'cloud', 'xyz', 'online', 'site',
  'tech', 'store', 'shop', 'page', 'blog', 'live', 'pro', 'website', 'space', 'digital', 'gov', 'edu', 'mil', 'int',
]);

/**
 * Whether every host under `domain` (lowercase, no leading dot) is someone else's: a public suffix or a platform
 * domain. Null for a domain you can own (`example.com`), and for names that are not on the internet (`localhost`).
 */
export function sharedSuffix(domain: string): 'a public suffix' | 'a shared hosting domain' | null {
  if (HOSTING_SUFFIXES.has(domain)) return 'a shared hosting domain';
  if (SECOND_LEVEL_SUFFIXES.has(domain)) return 'a public suffix';
  if (!domain.includes('.') && (GENERIC_TLDS.has(domain) || /^[a-z]{2}$/.test(domain))) return 'a public suffix';
  return null;
}
