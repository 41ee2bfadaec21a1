declare const __SECAUDIT_VERSION__: string | undefined;

/** The package version, put in by the build (and by the vitest config for tests run from source). */
export const VERSION: string = typeof __SECAUDIT_VERSION__ === 'string' ? __SECAUDIT_VERSION__ : '0.0.0-dev';
