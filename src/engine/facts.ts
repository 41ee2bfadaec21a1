import type { Origin } from './types.ts';

/**
 * What the project's other files say about how it is deployed: plain, readonly, JSON-like data, every fact with
 * the place it was read from. Produced by `readFacts` (src/loaders/facts/index.ts); rules read it, never the files.
 */
export interface ProjectFacts {
  /** Every place that pins or constrains Django, sorted by file, line, column. */
  readonly djangoPins: readonly DjangoPin[];
  /** Every address an app server (gunicorn, uvicorn, daphne, runserver) is started on, sorted by location. */
  readonly appServers: readonly AppServerBind[];
  /** nginx site configurations found in the project (files with a `server { }` block), sorted by file. */
  readonly nginx: readonly NginxFile[];
  /** The bundled table of Django release series (data/django-releases.json), oldest first. */
  readonly releases: readonly DjangoRelease[];
}

// ---------------------------------------------------------------------------------------------------------------
// Django versions

/** requirements files, PEP 621 and PEP 735 tables of pyproject.toml, Poetry and uv tables, Pipfile, and the three lock files. */
export type PinSource = 'requirements' | 'pep621' | 'pep735' | 'poetry' | 'uv' | 'pipfile' | 'pipfile.lock' | 'poetry.lock' | 'uv.lock';

export interface DjangoPin {
  readonly source: PinSource;
  /**
   * Where in the file: the TOML table or JSON section (`project.dependencies`,
   * `project.optional-dependencies.test`, `tool.poetry.group.dev.dependencies`, `default`, `develop`), or for
   * requirements files `requirement` / `constraint` (a file read through `-c`) / `editable` (`-e`).
   */
  readonly section: string;
  /** A lock file entry: the version that gets installed, not a constraint. */
  readonly locked: boolean;
  /** The constraint as written (`>=4.2,<5.0`, `^4.2`, `==4.2.11`); '' when Django is listed without one; null for a URL or VCS requirement. */
  readonly spec: string | null;
  /** The one version the constraint allows (`==4.2.11`, `===4.2.11`, Poetry's bare `4.2.11`, a lock entry). */
  readonly exact: string | null;
  /**
   * The release series (`4.2`, `6.0`, `2028`) when the constraint allows only one: from `exact`, from a
   * range inside one series (`~=4.2.0`, `==4.2.*`, `>=4.2,<4.3`), or the only series of the release table
   * the constraint allows (`>=4.2,<5.0`).
   */
  readonly series: string | null;
  /**
   * Series of the release table the constraint allows, oldest first (`>=4.2` allows 4.2 and everything
   * after it). Null when it cannot be told: a URL requirement, a spec that does not parse.
   */
  readonly allowedSeries: readonly string[] | null;
  /** PEP 508 environment marker (`python_version >= "3.10"`), or null. */
  readonly marker: string | null;
  /** A URL, path or VCS reference given instead of a version (`git+https://...@stable/4.2.x`). */
  readonly url: string | null;
  /** The requirement, the dependency key, or the lock entry's `version`. */
  readonly origin: Origin;
}

export interface DjangoRelease {
  /** `4.2`, `6.0`; from 2028 on, the year (`2028`), whose patch releases are `2028.1`, `2028.2`, ... */
  readonly series: string;
  /** YYYY-MM-DD */
  readonly released: string;
  /** End of mainstream support (bug fixes), YYYY-MM-DD. */
  readonly mainstreamSupportEnds: string;
  /** End of security support ("extended support"), YYYY-MM-DD: after this day the series gets no security fixes. */
  readonly securitySupportEnds: string;
  /** A long-term support release (X.2 from 2.2 to 6.2, and 1.11). */
  readonly lts: boolean;
  /** Dates the source gives as a month only ("April 2028"): the last day of that month is used. */
  readonly monthOnly: readonly ('released' | 'mainstreamSupportEnds' | 'securitySupportEnds')[];
  readonly note: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// App servers

export type AppServer = 'gunicorn' | 'uvicorn' | 'daphne' | 'runserver';

export interface AppServerBind {
  readonly server: AppServer;
  /**
   * The file that starts it. A `Procfile` runs on a platform whose router is the only way in (Heroku, and
   * foreman/honcho locally); a `Dockerfile` container's port is reachable only where it is published.
   */
  readonly source: 'gunicorn-config' | 'procfile' | 'dockerfile';
  /**
   * How the address was chosen: a command-line flag (`--bind`, `--host`), the `bind` of a gunicorn config
   * file, an environment variable the server reads (`GUNICORN_CMD_ARGS`, `UVICORN_HOST`), or the server's
   * default because none was given.
   */
  readonly via: 'flag' | 'config' | 'env' | 'default';
  readonly kind: 'tcp' | 'unix' | 'fd' | 'unknown';
  /** The address as written (`0.0.0.0:$PORT`, `unix:/run/gunicorn.sock`); for a default, the default (`127.0.0.1:8000`). Null when not known. */
  readonly address: string | null;
  /** The interface: `0.0.0.0`, `::`, `127.0.0.1`, `localhost`, ...; an empty host (gunicorn's `:8000`) is `0.0.0.0`. Null when it comes from a variable or cannot be known. */
  readonly host: string | null;
  /** Null when it comes from a variable (`$PORT`) or is not a TCP address. */
  readonly port: number | null;
  /**
   * Whether it listens on more than loopback: true for `0.0.0.0`, `::`, an empty host and any other non-loopback
   * address; false for loopback, unix sockets and inherited file descriptors; null when the host is not known
   * (a variable, a host name).
   */
  readonly public: boolean | null;
  /** One line: why `public` is what it is, or why it is not known. */
  readonly reason: string;
  /** The command or config line, clipped (no secrets: bind lines do not hold any). */
  readonly command: string;
  /** For a gunicorn config file's `bind`: a command that uses this file but passes its own `--bind`, which wins. */
  readonly overriddenBy: Origin | null;
  /** The flag's argument, the `bind` assignment, the environment line, or (for a default) the command. */
  readonly origin: Origin;
}

// ---------------------------------------------------------------------------------------------------------------
// nginx

export interface NginxFile {
  /** The file the configuration starts from (others are read through `include`). */
  readonly file: string;
  /**
   * `http`: the servers sit in an `http { }` block of this configuration, so every level is visible.
   * `snippet`: server blocks at the top level (sites-available/conf.d style): the `http` block that includes
   * this file is not in the project, so what it sets (server_tokens, ssl_protocols, headers) is not visible,
   * and a setting that is `default` here may still be set there.
   */
  readonly context: 'http' | 'snippet';
  /** Files read through `include`, project-relative. */
  readonly included: readonly string[];
  readonly servers: readonly NginxServer[];
  /** Syntax errors and other problems nginx would refuse to start with (also reported as diagnostics). */
  readonly problems: readonly NginxProblem[];
}

export interface NginxProblem {
  readonly message: string;
  readonly origin: Origin;
}

/** A directive's effective value at some level, after nginx's inheritance. */
export type NginxSetting<T> =
  /** Set in this block or inherited from an enclosing one (`level` says which). */
  | { readonly state: 'set'; readonly value: T; readonly level: 'http' | 'server' | 'location'; readonly origin: Origin }
  /** Not set at any level that was read: nginx's built-in default applies (unless, for a snippet, the enclosing http block sets it). */
  | { readonly state: 'default' }
  /** An `include` that could not be read may set it. */
  | { readonly state: 'unknown'; readonly reason: string; readonly origin: Origin };

export interface NginxListen {
  /** The address argument as written: `443`, `[::]:443`, `127.0.0.1:8080`, `unix:/run/nginx.sock`, or `*:80` for an implicit listen. */
  readonly address: string;
  /** `*` for every address; null for a unix socket. */
  readonly host: string | null;
  /** Null for a unix socket. */
  readonly port: number | null;
  readonly ipv6: boolean;
  readonly ssl: boolean;
  readonly http2: boolean;
  readonly quic: boolean;
  readonly defaultServer: boolean;
  readonly proxyProtocol: boolean;
  /** The server has no `listen`: nginx listens on `*:80` (`*:8000` when not started as root). */
  readonly implicit: boolean;
  readonly origin: Origin;
}

export interface NginxHeader {
  readonly name: string;
  readonly value: string;
  /** Further arguments, e.g. `always` for add_header. */
  readonly flags: readonly string[];
  readonly origin: Origin;
}

/**
 * The effective list of an array directive (`proxy_set_header`, `uwsgi_param`, `add_header`). nginx inherits these
 * from the enclosing level if and only if the current level has none of them; add_header_inherit (nginx 1.29.3)
 * can change that for add_header.
 */
export interface NginxHeaderSet {
  readonly entries: readonly NginxHeader[];
  /** The level the entries come from; null when no level sets any. */
  readonly level: 'http' | 'server' | 'location' | null;
  /** Why there may be more than `entries` (an include that could not be read at the deciding level), or null. */
  readonly unknown: string | null;
}

export interface NginxPass {
  readonly directive: 'proxy_pass' | 'uwsgi_pass' | 'fastcgi_pass' | 'scgi_pass' | 'grpc_pass';
  readonly target: string;
  readonly origin: Origin;
}

export interface NginxLocation {
  readonly modifier: '' | '=' | '~' | '~*' | '^~' | '@';
  readonly uri: string;
  /** Enclosing locations' URIs, outermost first. */
  readonly parents: readonly string[];
  /** The content handler that passes requests upstream, if any (the last one when several). */
  readonly pass: NginxPass | null;
  readonly proxyHeaders: NginxHeaderSet;
  readonly uwsgiParams: NginxHeaderSet;
  readonly addHeaders: NginxHeaderSet;
  readonly serverTokens: NginxSetting<string>;
  readonly origin: Origin;
}

/** What happens to requests that reach the server over plain HTTP (for a TLS-only server: to its requests). */
export interface NginxRedirect {
  /**
   * `all`: every request is redirected to an https:// URL, or refused (4xx, 444); requests for
   * `/.well-known/` (ACME challenges) may still be served. `partial`: some requests are redirected to https and
   * others served or redirected elsewhere. `none`: nothing redirects to https. `unknown`: it depends on a
   * condition or an include that cannot be evaluated.
   */
  readonly kind: 'all' | 'partial' | 'none' | 'unknown';
  /** The first directive that redirects to https, if any. */
  readonly origin: Origin | null;
  /** Its target, e.g. `https://$host$request_uri`. */
  readonly target: string | null;
  /** Nothing is redirected or served: every request is refused (`return 444;`, a 4xx). */
  readonly refusedOnly: boolean;
  readonly reason: string;
}

export interface NginxServer {
  readonly origin: Origin;
  readonly serverNames: readonly string[];
  readonly listen: readonly NginxListen[];
  /** Some listen has `ssl` (or the server has the old `ssl on;`). */
  readonly ssl: boolean;
  /** Some listen has no `ssl`: plain HTTP is served on it. */
  readonly plainHttp: boolean;
  /**
   * Protocols enabled for TLS. nginx's default (`state: 'default'`) depends on its version: TLSv1 TLSv1.1
   * TLSv1.2 before 1.23.4, plus TLSv1.3 until 1.27.2, TLSv1.2 TLSv1.3 since 1.27.3 (NGINX_DEFAULT_SSL_PROTOCOLS).
   * Several ssl_protocols directives on one level add up (nginx ORs them).
   */
  readonly sslProtocols: NginxSetting<readonly string[]>;
  /** `on` (the default), `off`, `build` or a string (commercial builds). */
  readonly serverTokens: NginxSetting<string>;
  /** Response headers of the server level (what a location that sets no add_header sends). */
  readonly addHeaders: NginxHeaderSet;
  readonly redirect: NginxRedirect;
  /** `redirect.kind` as a yes/no: all → true, none or partial → false, unknown → null. */
  readonly redirectsToHttps: boolean | null;
  /** Every location, nested ones included, in file order. */
  readonly locations: readonly NginxLocation[];
  /** `include`s in or around this server that could not be read. */
  readonly unreadIncludes: readonly Origin[];
}
