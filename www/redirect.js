// @ts-check
/**
 * The redirect bridge of MSAL.js v5 (redirect.html): passes the sign-in answer back to the page
 * that opened the popup, then the popup closes; after a sign-in in the tab, keeps the answer in
 * sessionStorage and goes back to the page, which finishes the sign-in.
 * @module
 */
/** @type {{ msalRedirectBridge?: { broadcastResponseToMainFrame: () => Promise<void> } }} */ (/** @type {unknown} */ (window)).msalRedirectBridge
  ?.broadcastResponseToMainFrame()
  .catch(() => {
    document.body.textContent = 'Sign-in could not be completed: close this window and try again.';
  });
