// @ts-check
/**
 * The redirect bridge of MSAL.js v5 (redirect.html): passes the sign-in answer back to the page
 * that opened the popup, then the popup closes.
 * @module
 */
/** @type {{ msalRedirectBridge?: { broadcastResponseToMainFrame: () => Promise<void> } }} */ (/** @type {unknown} */ (window)).msalRedirectBridge
  ?.broadcastResponseToMainFrame()
  .catch(() => {
    document.body.textContent = 'Sign-in could not be completed: close this window and try again.';
  });
