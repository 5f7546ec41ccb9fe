// @ts-check
/**
 * The live section: sign in (MSAL.js, or a pasted token kept in memory), find the clusters and
 * workspaces, run the pre-flight checks (their facts feed the form's validation) and attach or
 * detach, following the operation to its end. Nothing here runs until the user asks: MSAL and
 * the ARM module load on first use. This module wires the section's parts, each a module of
 * live/: the settings, sign-in and tokens, discovery, the pre-flight, and the operations.
 * @module
 */
import { byId } from './shared/dom.js';
import { setUpDiscovery } from './live/discovery.js';
import { setUpOperations } from './live/operations.js';
import { forgetPreflight, setUpPreflight } from './live/preflight.js';
import { redirectUri, setUpSettings } from './live/settings.js';
import { resumeSignIn, setUpSignIn } from './live/sign-in.js';

setUpSettings();
setUpSignIn({ onSignOut: forgetPreflight });
setUpDiscovery();
setUpPreflight();
setUpOperations();
byId('live-redirect-uri').textContent = redirectUri();
byId('live').hidden = false;
void resumeSignIn();
