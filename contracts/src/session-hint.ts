/**
 * A cookie without a secret, readable by the SPA, set and cleared with the HttpOnly refresh cookie:
 * when it is absent the SPA knows there is no session to restore and skips the refresh probe (whose
 * 401 every anonymous page load used to log in the browser console). Zod-free for the entry chunk.
 */
export const SESSION_HINT_COOKIE = 'mp_session';
