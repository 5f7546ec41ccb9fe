// @ts-check
/**
 * What the live section says when ARM refused a change for want of multi-factor authentication
 * and no token with the claims it asked for could be had: why, a button that signs in again with
 * MFA and runs the task again, and what to do elsewhere. Versions and dates come with the error
 * (the core's).
 * @module
 */
import { capitalize } from '../shared/diagnostics.js';
import { element } from '../shared/dom.js';
import { describe } from './describe.js';
import { lastTokenFailure, sessionKind, tokenWithClaimsNow } from './sign-in.js';

/** @typedef {import('../pkg/amlattach_live.js').ArmFailure} ArmFailure */
/** @typedef {import('../pkg/amlattach_live.js').MfaRequired} MfaRequired */

/**
 * Shows the refusal in `outcome`, under the action ARM refused: why no token could be had (the sign-in window blocked, or the
 * new sign-in refused too), a button that signs in again with MFA from the click (so the window
 * may open) and runs the task again, and what to do elsewhere: the Azure CLI and Azure PowerShell
 * commands, and automation under a workload identity.
 * @param {HTMLElement} outcome the refused action's outcome
 * @param {ArmFailure} arm
 * @param {MfaRequired} mfa
 * @param {() => Promise<void>} again runs the refused task again
 */
export function showMfaRefusal(outcome, arm, mfa, again) {
  const kind = sessionKind();
  const interactive = kind === 'msal' || kind === 'flow';
  const blocked = popupBlocked(lastTokenFailure());
  outcome.dataset.state = 'failed';
  outcome.replaceChildren();
  const headline = blocked
    ? 'Azure needs you to sign in with multi-factor authentication (MFA) to make this change, and the sign-in window could not open: pop-up windows are blocked, or too much time passed since your click.'
    : `Azure Resource Manager refused the change: it needs a sign-in with multi-factor authentication (MFA), and ${kind === 'pasted' ? 'the pasted token was obtained without it' : 'this sign-in could not provide it'}.`;
  const lead = element('p', headline);
  lead.className = 'mfa-headline';
  outcome.append(lead);
  if (interactive) {
    const button = element('button', 'Sign in again with multi-factor authentication');
    button.type = 'button';
    button.className = 'button';
    button.addEventListener('click', () => {
      button.disabled = true;
      // Straight from the click, with nothing awaited first, so the browser lets the window open.
      tokenWithClaimsNow(mfa.claims).then(
        () => again(),
        (error) => {
          button.disabled = false;
          const said = element('p', `The sign-in with multi-factor authentication did not finish: ${describe(error)}`);
          said.className = 'mfa-sign-in-failed';
          lead.after(said);
        },
      );
    });
    lead.after(button);
  }
  const steps = element('ol');
  steps.className = 'mfa-advice';
  steps.setAttribute('aria-label', 'What to do');
  steps.append(
    element(
      'li',
      interactive
        ? 'Sign in again with multi-factor authentication (the button above), then try again.'
        : 'Sign in with multi-factor authentication (the Azure CLI below), then paste the new token of `az account get-access-token` and try again.',
    ),
  );
  for (const client of [mfa.azureCli, mfa.azurePowershell]) {
    const item = element('li', `With ${client.client} ${client.minimumVersion} or later:`);
    const commands = element('pre');
    commands.className = 'mfa-commands';
    commands.append(element('code', client.commands.join('\n')));
    item.append(commands);
    steps.append(item);
  }
  steps.append(element('li', 'For automation, run it as a service principal or a managed identity: workload identities are exempt. A user account that runs scripts must sign in with MFA too.'));
  outcome.append(steps, element('p', `${capitalize(mfa.enforcement)}. Azure Resource Manager said: ${arm.code}: ${arm.message}`));
}

/** True when a sign-in failed because its window could not open (pop-ups blocked). @param {unknown} error */
function popupBlocked(error) {
  const code = /** @type {{ errorCode?: string }} */ (error)?.errorCode;
  return code === 'popup_window_error' || code === 'empty_window_error';
}
