/**
 * oidc-provider 9 warns at import on Node 20 ("Unsupported runtime") and when its in-memory
 * adapter is used. Both are expected here (tests and demo on Node 20, everything in memory),
 * so exactly those two lines are dropped; every other warning still shows.
 */
type OidcProviderModule = typeof import('oidc-provider');

const EXPECTED_WARNINGS = ['Unsupported runtime', 'in-memory adapter is used'];

let loading: Promise<OidcProviderModule> | undefined;

export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= withoutExpectedWarnings(() => import('oidc-provider'));
  return loading;
}

/** Runs `action` (sync or async) with the two expected warnings filtered out. */
export async function withoutExpectedWarnings<T>(action: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === 'string' && EXPECTED_WARNINGS.some((text) => first.includes(text))) return;
    warn(...args);
  };
  try {
    return await action();
  } finally {
    console.warn = warn;
  }
}
