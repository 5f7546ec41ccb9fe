//! The pasted-token check on made tokens: what was pasted, the claims read, the problems said,
//! and never the token in the result. Unwraps are assertions: a made token that does not read is a
//! failed test.

use super::token::*;
use super::Cloud;
use crate::dated::{Day, Now};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

/// 2026-12-03 00:00 UTC.
const NOW: i64 = Day::new(2026, 12, 3).unix_seconds();

fn jwt(claims: &Value) -> String {
    let header = Base64UrlUnpadded::encode_string(br#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = Base64UrlUnpadded::encode_string(claims.to_string().as_bytes());
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

fn arm_token(extra: Value) -> String {
    let mut claims = serde_json::json!({
        "aud": "https://management.core.windows.net/",
        "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "upn": "ann@contoso.com",
        "exp": NOW + 3600,
        "nbf": NOW - 300,
        "amr": ["pwd", "mfa"],
        "scp": "user_impersonation",
    });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    jwt(&claims)
}

fn check(pasted: &str) -> TokenCheck {
    check_token(pasted, &Cloud::public(), Now::from_unix_seconds(NOW))
}

#[test]
fn an_arm_token_is_usable_and_read_without_being_repeated() {
    let token = arm_token(serde_json::json!({}));
    let c = check(&format!("  {token}\n"));
    assert!(c.usable, "{c:?}");
    assert_eq!(c.pasted, Pasted::Token);
    assert_eq!(
        c.token_at,
        Some(Span {
            start: 2,
            end: 2 + token.len()
        })
    );
    assert_eq!(c.account.as_deref(), Some("ann@contoso.com"));
    assert_eq!(c.minutes_left, Some(60));
    assert!(c.mfa);
    assert_eq!(
        c.summary,
        "An access token for Azure Resource Manager, for ann@contoso.com (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47), with multi-factor authentication, valid until 2026-12-03 01:00 UTC (60 minutes)."
    );
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains(&token) && !json.contains(token.split('.').nth(1).unwrap()));
}

#[test]
fn a_bearer_header_and_the_cli_json_give_the_token_inside() {
    let token = arm_token(serde_json::json!({}));
    let c = check(&format!("Bearer {token}"));
    assert!(c.usable && c.pasted == Pasted::BearerHeader, "{c:?}");
    assert_eq!(
        c.token_at,
        Some(Span {
            start: 7,
            end: 7 + token.len()
        })
    );
    assert!(c.notes[0].contains("Bearer"));

    // `az account get-access-token` output, with a non-ASCII tenant name before the token:
    // the span counts UTF-16 code units, as JavaScript does.
    let cli = format!(
        "{{\n  \"tenantDisplayName\": \"Contoso Müller ☃\",\n  \"accessToken\": \"{token}\",\n  \"expiresOn\": \"2026-12-03 01:00:00.000000\",\n  \"tokenType\": \"Bearer\"\n}}"
    );
    let c = check(&cli);
    assert!(c.usable && c.pasted == Pasted::TokenJson, "{c:?}");
    let span = c.token_at.unwrap();
    let units: Vec<u16> = cli.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&units[span.start..span.end]).unwrap(),
        token
    );
}

#[test]
fn what_is_not_an_arm_token_is_refused_with_what_to_do() {
    for (pasted, says) in [
        ("", "Paste the accessToken value"),
        ("hello", "not an access token"),
        ("eyJhbGciOi.x", "not an access token"),
        ("eyJhbGciOiJSUzI1NiJ9.%%%%.sig", "not an access token"),
        (
            "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.sig",
            "claims cannot be read",
        ),
        (r#"{"tokenType": "Bearer"}"#, "not an access token"),
    ] {
        let c = check(pasted);
        assert!(!c.usable, "{pasted}");
        assert!(c.problems[0].contains(says), "{pasted}: {:?}", c.problems);
        assert!(c.problems[0]
            .contains("az account get-access-token --resource https://management.azure.com"));
    }
    let graph = check(&arm_token(
        serde_json::json!({"aud": "00000003-0000-0000-c000-000000000000"}),
    ));
    assert!(
        graph.problems[0].contains("for Microsoft Graph, not for Azure Resource Manager"),
        "{:?}",
        graph.problems
    );
    let expired = check(&arm_token(serde_json::json!({"exp": NOW - 7200})));
    assert!(
        expired.problems[0].contains("expired at 2026-12-02 22:00 UTC (2 hours ago)"),
        "{:?}",
        expired.problems
    );
    assert_eq!(expired.minutes_left, Some(-120));
    let id = check(&arm_token(
        serde_json::json!({"nonce": "n", "scp": null, "aud": "c0ffee00-0000-0000-0000-000000000000"}),
    ));
    assert!(id.problems[0].contains("ID token"), "{:?}", id.problems);
    // Another cloud's token.
    let gov = check_token(
        &arm_token(serde_json::json!({})),
        &Cloud::us_government(),
        Now::from_unix_seconds(NOW),
    );
    assert!(
        gov.problems[0].contains("https://management.usgovcloudapi.net"),
        "{:?}",
        gov.problems
    );
    // Expiring soon is a note, not a problem.
    let soon = check(&arm_token(
        serde_json::json!({"exp": NOW + 240, "amr": ["pwd"]}),
    ));
    assert!(soon.usable && !soon.mfa);
    assert!(soon.notes[0].contains("in 4 minutes"), "{:?}", soon.notes);
    // A local emulator takes public Azure's audience.
    let local = check_token(
        &arm_token(serde_json::json!({})),
        &Cloud::custom("http://127.0.0.1:8081"),
        Now::from_unix_seconds(NOW),
    );
    assert!(local.usable, "{:?}", local.problems);
}

#[test]
fn no_paste_panics_or_is_read_past_the_cap() {
    let long = "eyJ".to_owned() + &"a".repeat(MAX_PASTE);
    assert!(check(&long).problems[0].contains("KiB"));
    for text in [
        "{",
        "{\"accessToken\": 3}",
        "Bearer",
        "bearer  ",
        "é.é.é",
        "eyJ..",
        "{\"accessToken\":\"eyJ\\u0041.b.c\"}",
    ] {
        let c = check(text);
        assert!(!c.usable, "{text}");
    }
}

// proptest is a native dev-dependency only.
#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// Any paste: no panic, a span inside the text, and never the token in the result.
    #[test]
    fn any_paste_is_checked_without_a_panic(
        head in proptest::sample::select(vec!["", "Bearer ", "{\"accessToken\": \"", " é "]),
        claims in "\\PC{0,80}",
        tail in proptest::sample::select(vec!["", "\"}", ".sig", "\n"]),
    ) {
        let payload = Base64UrlUnpadded::encode_string(claims.as_bytes());
        let text = format!("{head}eyJhbGciOiJub25lIn0.{payload}.c2ln{tail}");
        let c = check(&text);
        if let Some(span) = c.token_at {
            proptest::prop_assert!(span.start <= span.end && span.end <= utf16_len(&text));
        }
        let json = serde_json::to_string(&c).unwrap();
        proptest::prop_assert!(payload.len() < 8 || !json.contains(&payload));
    }
}
