//! The wasm boundary, run in headless Chromium by wasm-bindgen-test: what JS gets back from the
//! exports, shape and values.
#![cfg(target_arch = "wasm32")]
// A failed unwrap is a failed test, which is what these helpers want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use amlattach::wasm;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Reads `object[key]` as JS would.
fn property(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

/// The object's own enumerable keys, in order, joined with commas.
fn keys(object: &JsValue) -> String {
    Object::keys(object.unchecked_ref::<Object>())
        .join(",")
        .into()
}

/// True for `{}` literals: not a `Map`, not a class instance.
fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new())
}

#[wasm_bindgen_test]
fn a_valid_name_gives_ok_and_no_diagnostics() {
    let report = wasm::validate_compute_name("myaks").unwrap();
    assert!(is_plain_object(&report));
    assert_eq!(keys(&report), "ok,diagnostics");
    assert_eq!(property(&report, "ok"), JsValue::TRUE);
    let diagnostics = property(&report, "diagnostics");
    assert!(Array::is_array(&diagnostics));
    assert_eq!(property(&diagnostics, "length").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn an_invalid_name_gives_plain_diagnostic_objects() {
    let report = wasm::validate_compute_name("1abc").unwrap();
    assert_eq!(property(&report, "ok"), JsValue::FALSE);
    let first = property(&property(&report, "diagnostics"), "0");
    assert!(is_plain_object(&first));
    assert_eq!(keys(&first), "code,severity,path,message,source");
    assert_eq!(
        property(&first, "code").as_string().unwrap(),
        "name-first-char"
    );
    assert_eq!(property(&first, "severity").as_string().unwrap(), "error");
    assert_eq!(property(&first, "path").as_string().unwrap(), "name");
    assert_eq!(
        property(&first, "message").as_string().unwrap(),
        "must start with a letter, not '1'"
    );
}

#[wasm_bindgen_test]
fn hostile_strings_cross_the_boundary_without_panicking() {
    for name in [
        "",
        "\u{0}",
        "\u{feff}a",
        &"x".repeat(100_000),
        "a\u{10ffff}b",
    ] {
        let report = wasm::validate_compute_name(name).unwrap();
        assert_eq!(property(&report, "ok"), JsValue::FALSE, "{name:?}");
    }
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

const AKS: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

#[wasm_bindgen_test]
fn validate_takes_yaml_text_and_gives_lines_and_a_normalized_spec() {
    let yaml = format!("name: k8s\ntype: Kubernetes\nresource_id: {}\n", &AKS[1..]);
    let result = wasm::validate(JsValue::from_str(&yaml).unchecked_into(), None, None).unwrap();
    assert_eq!(keys(&result), "ok,diagnostics,normalized");
    assert_eq!(property(&result, "ok"), JsValue::TRUE);
    let info = property(&property(&result, "diagnostics"), "0");
    assert_eq!(
        property(&info, "code").as_string().unwrap(),
        "resource-id-normalized"
    );
    assert_eq!(property(&info, "line").as_f64(), Some(3.0));
    let normalized = property(&result, "normalized");
    assert!(is_plain_object(&normalized));
    assert_eq!(
        property(&normalized, "type").as_string().unwrap(),
        "kubernetes"
    );
    assert_eq!(
        property(&normalized, "resource_id").as_string().unwrap(),
        AKS
    );
    assert_eq!(
        property(&normalized, "namespace").as_string().unwrap(),
        "default"
    );
}

#[wasm_bindgen_test]
fn validate_takes_objects_and_a_context_object() {
    let spec = js_sys::JSON::parse(&format!(
        r#"{{"name": "k8s", "type": "kubernetes", "resource_id": "{AKS}"}}"#
    ))
    .unwrap();
    let context = js_sys::JSON::parse(r#"{"existing_computes": [{"name": "K8S"}]}"#).unwrap();
    let result =
        wasm::validate(spec.unchecked_into(), Some(context.unchecked_into()), None).unwrap();
    assert_eq!(property(&result, "ok"), JsValue::FALSE);
    assert_eq!(property(&result, "normalized"), JsValue::NULL);
    let first = property(&property(&result, "diagnostics"), "0");
    assert_eq!(property(&first, "code").as_string().unwrap(), "name-clash");
    assert_eq!(property(&first, "line"), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
fn validate_reports_broken_text_and_throws_on_values_that_are_not_data() {
    let result = wasm::validate(
        JsValue::from_str("name: [oops\n").unchecked_into(),
        None,
        None,
    )
    .unwrap();
    let first = property(&property(&result, "diagnostics"), "0");
    assert_eq!(property(&first, "code").as_string().unwrap(), "parse-error");
    assert_eq!(property(&first, "path").as_string().unwrap(), "");

    let error = wasm::validate(
        js_sys::Function::new_no_args("return 1").unchecked_into(),
        None,
        None,
    )
    .unwrap_err();
    assert_eq!(
        property(&error, "name").as_string().unwrap(),
        "AmlattachError"
    );
    assert_eq!(property(&error, "code").as_string().unwrap(), "not-json");
}

#[wasm_bindgen_test]
fn validate_words_dated_facts_from_the_now_option_on_both_sides_of_their_dates() {
    let v1 = "name: aks-v1\ntype: aks\naction: attach\nresource_group: rg\ncluster_name: aks\n";
    let message_at = |now: JsValue| {
        let options = Object::new();
        Reflect::set(&options, &"now".into(), &now).unwrap();
        let result = wasm::validate(
            JsValue::from_str(v1).unchecked_into(),
            None,
            Some(JsValue::from(options).into()),
        )
        .unwrap();
        let first = property(&property(&result, "diagnostics"), "0");
        assert_eq!(
            property(&first, "code").as_string().unwrap(),
            "v1-end-of-support"
        );
        property(&first, "message").as_string().unwrap()
    };
    // The same day as text, as milliseconds and as a Date.
    let before = message_at(JsValue::from_str("2026-06-29"));
    assert!(before.contains("ends on 2026-06-30 (tomorrow)"), "{before}");
    let millis = js_sys::Date::parse("2026-06-29T12:00:00Z");
    assert_eq!(message_at(JsValue::from_f64(millis)), before);
    assert_eq!(
        message_at(js_sys::Date::new(&JsValue::from_f64(millis)).into()),
        before
    );
    let after = message_at(JsValue::from_str("2026-07-01T00:00:00Z"));
    assert!(after.contains("ended on 2026-06-30"), "{after}");

    let options = Object::new();
    Reflect::set(&options, &"now".into(), &"yesterday".into()).unwrap();
    let error = wasm::validate(
        JsValue::from_str(v1).unchecked_into(),
        None,
        Some(JsValue::from(options).into()),
    )
    .unwrap_err();
    assert_eq!(property(&error, "code").as_string().unwrap(), "bad-now");
}

#[wasm_bindgen_test]
fn validate_survives_hostile_input() {
    for text in [
        "",
        "\u{0}",
        "- - - -",
        "a: &a [*a]",
        &"[".repeat(10_000),
        "{\"a\": 1e999}",
        "? - x\n: y",
    ] {
        let result = wasm::validate(JsValue::from_str(text).unchecked_into(), None, None).unwrap();
        assert_eq!(property(&result, "ok"), JsValue::FALSE, "{text:?}");
    }
}

/// Issue 18 (item 3): a tag holding the base64 of a key, or a huge one, crosses the boundary as
/// its length only, from `validate` and from `decodeSecret`.
#[wasm_bindgen_test]
fn a_long_tag_is_not_echoed_across_the_boundary() {
    let key: String =
        "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdT".repeat(8);
    let huge = "A".repeat(2 << 20);
    for tag in [key.as_str(), huge.as_str()] {
        let spec = format!("name: aks\ntype: kubernetes\ndescription: !<{tag}> x\n");
        let validated =
            wasm::validate(JsValue::from_str(&spec).unchecked_into(), None, None).unwrap();
        let secret = format!("data:\n  cert.pem: x\n  key.pem: !<{tag}>\n");
        let decoded = wasm::decode_secret(&secret, None).unwrap();
        for result in [validated, decoded] {
            let json = js_sys::JSON::stringify(&property(&result, "diagnostics"))
                .unwrap()
                .as_string()
                .unwrap();
            assert!(json.len() < 600, "{json}");
            assert!(json.contains("parse-error"), "{json}");
            assert!(!json.contains(&tag[..24]), "{json}");
        }
    }
}

#[wasm_bindgen_test]
fn generate_gives_text_language_and_filename() {
    let yaml = format!(
        "name: k8s\ntype: kubernetes\nresource_id: {AKS}\nidentity: {{type: system_assigned}}\n"
    );
    let options = js_sys::JSON::parse(
        r#"{"shell": "pwsh", "context": {"workspace": {"name": "ws-ml", "resource_group": "rg"}}}"#,
    )
    .unwrap();
    let out = wasm::generate(
        JsValue::from_str(&yaml).unchecked_into(),
        "az-v2",
        Some(options.unchecked_into()),
    )
    .unwrap();
    assert_eq!(keys(&out), "text,language,filename");
    let text = property(&out, "text").as_string().unwrap();
    assert!(text.contains("az ml compute attach `"), "{text}");
    assert!(text.contains("--identity-type SystemAssigned"), "{text}");
    assert!(text.contains("--workspace-name ws-ml"), "{text}");
    assert_eq!(
        property(&out, "language").as_string().unwrap(),
        "powershell"
    );
    assert_eq!(
        property(&out, "filename").as_string().unwrap(),
        "attach.ps1"
    );
}

/// The Azure ML extension's exports: a spec checked with its problems at their settings, its
/// targets written and listed, the settings table, and the same error codes as `generate`.
#[wasm_bindgen_test]
fn the_extension_exports_check_and_write_an_extension_spec() {
    let spec =
        format!("cluster: {AKS}\nconfig:\n  enableTraining: true\n  InferenceRouterHA: false\n");
    let result = wasm::validate_extension(JsValue::from_str(&spec).unchecked_into(), None).unwrap();
    assert!(!property(&result, "ok").as_bool().unwrap());
    let first = Array::from(&property(&result, "diagnostics")).get(0);
    assert_eq!(
        property(&first, "code").as_string().unwrap(),
        "extension-setting-case"
    );
    assert_eq!(
        property(&first, "path").as_string().unwrap(),
        "config.InferenceRouterHA"
    );
    let good = format!("cluster: {AKS}\nconfig:\n  enableTraining: true\n");
    let result = wasm::validate_extension(JsValue::from_str(&good).unchecked_into(), None).unwrap();
    assert!(property(&result, "ok").as_bool().unwrap());
    let normalized = property(&result, "normalized");
    assert_eq!(
        property(&normalized, "release_train").as_string().unwrap(),
        "stable"
    );
    let options = js_sys::JSON::parse(r#"{"shell": "pwsh"}"#).unwrap();
    let out = wasm::generate_extension(
        JsValue::from_str(&good).unchecked_into(),
        "az-create",
        Some(options.unchecked_into()),
    )
    .unwrap();
    assert!(property(&out, "text")
        .as_string()
        .unwrap()
        .contains("az k8s-extension create `"));
    assert_eq!(
        property(&out, "filename").as_string().unwrap(),
        "extension-create.ps1"
    );
    let unknown =
        wasm::generate_extension(JsValue::from_str(&good).unchecked_into(), "az-v2", None)
            .unwrap_err();
    assert_eq!(
        property(&unknown, "code").as_string().unwrap(),
        "unknown-target"
    );
    let bad = wasm::generate_extension(JsValue::from_str(&spec).unchecked_into(), "bicep", None)
        .unwrap_err();
    assert_eq!(property(&bad, "code").as_string().unwrap(), "invalid-spec");
    assert_eq!(Array::from(&wasm::extension_targets().unwrap()).length(), 9);
    let settings = Array::from(&wasm::extension_settings().unwrap());
    let router = settings
        .iter()
        .find(|s| property(s, "key").as_string().as_deref() == Some("inferenceRouterServiceType"))
        .unwrap();
    assert_eq!(Array::from(&property(&router, "values")).length(), 3);
}

#[wasm_bindgen_test]
fn generate_throws_with_codes() {
    let bad = wasm::generate(
        JsValue::from_str("name: 1x\ntype: kubernetes\n").unchecked_into(),
        "az-v2",
        None,
    )
    .unwrap_err();
    assert_eq!(property(&bad, "code").as_string().unwrap(), "invalid-spec");
    assert!(Array::is_array(&property(&bad, "diagnostics")));
    let unknown = wasm::generate(JsValue::from_str("").unchecked_into(), "nope", None).unwrap_err();
    assert_eq!(
        property(&unknown, "code").as_string().unwrap(),
        "unknown-target"
    );
}

#[wasm_bindgen_test]
fn every_export_answers_an_unreadable_context_with_the_same_code() {
    let spec = "name: k8s\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\n";
    let options = Object::new();
    Reflect::set(&options, &"context".into(), &"workspace: [unclosed".into()).unwrap();
    let generated = wasm::generate(
        JsValue::from_str(spec).unchecked_into(),
        "az-v2",
        Some(options.clone().unchecked_into()),
    )
    .unwrap_err();
    let explained = wasm::explain(
        "x",
        Some(JsValue::from_str(spec)),
        Some(options.unchecked_into()),
    )
    .unwrap_err();
    for error in [generated, explained] {
        assert_eq!(
            property(&error, "name").as_string().unwrap(),
            "AmlattachError"
        );
        assert_eq!(
            property(&error, "code").as_string().unwrap(),
            "context-unreadable"
        );
        let first = property(&property(&error, "diagnostics"), "0");
        assert_eq!(property(&first, "path").as_string().unwrap(), "context");
    }
    // `validate` reports every problem instead of throwing: the context's first.
    let verdict = wasm::validate(
        JsValue::from_str(spec),
        Some(JsValue::from_str("workspace: [unclosed")),
        None,
    )
    .unwrap();
    assert_eq!(property(&verdict, "ok"), JsValue::FALSE);
    let first = property(&property(&verdict, "diagnostics"), "0");
    assert_eq!(property(&first, "path").as_string().unwrap(), "context");
    assert_eq!(property(&first, "code").as_string().unwrap(), "parse-error");
}

#[wasm_bindgen_test]
fn targets_lists_ids_labels_and_reach() {
    let list = wasm::targets().unwrap();
    let first = property(&list, "0");
    assert_eq!(keys(&first), "id,label,appliesTo");
    // The journey's order: preparing the cluster first, then the attach's targets.
    assert_eq!(property(&first, "id").as_string().unwrap(), "prepare");
    assert_eq!(property(&list, "length").as_f64(), Some(15.0));
}

/// A self-signed P-256 certificate (www.contoso.com, valid for a year from when it was made) and
/// its SEC1 key, made by openssl in this test run: scripts/test.sh runs
/// tests/fixtures/make-secrets.sh into target/fixtures/wasm before building this file.
const TEST_CERT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/self-signed/cert.pem"
));
const TEST_KEY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/self-signed/key.pem"
));

/// The same pair as a `kubernetes.io/tls` secret, as the kubectl reference for `kubectl create
/// secret tls` makes it (`--cert=… --key=… --dry-run=client -o json`): `tls.crt` and `tls.key`.
const TEST_TLS_SECRET: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/self-signed/tls.json"
));
/// A chain pasted leaf-last (the intermediate, then the leaf) with the leaf's key.
const TEST_LEAF_LAST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/out-of-order/secret.yaml"
));

fn options(cname: &str) -> JsValue {
    js_sys::JSON::parse(&format!(r#"{{"cname": "{cname}"}}"#)).unwrap()
}

#[wasm_bindgen_test]
fn decode_secret_gives_plain_objects_with_the_pems_and_facts() {
    let text = format!("{TEST_CERT}{TEST_KEY}");
    let result = wasm::decode_secret(&text, Some(options("www.contoso.com"))).unwrap();
    assert!(is_plain_object(&result));
    assert_eq!(
        keys(&result),
        "ok,entries,certificates,key,keyMatchesCertificate,keyCertificate,chainInOrder,diagnostics,certPem,keyPem"
    );
    assert_eq!(property(&result, "entries"), JsValue::NULL);
    assert_eq!(property(&result, "keyCertificate").as_f64(), Some(0.0));
    assert_eq!(property(&result, "certPem").as_string().unwrap(), TEST_CERT);
    assert_eq!(property(&result, "keyPem").as_string().unwrap(), TEST_KEY);
    assert_eq!(property(&result, "keyMatchesCertificate"), JsValue::TRUE);
    let certificate = property(&property(&result, "certificates"), "0");
    assert!(is_plain_object(&certificate));
    assert_eq!(
        keys(&certificate),
        "subject,commonName,issuer,dnsNames,notBefore,notAfter,serial,signatureAlgorithm,publicKey,selfIssued,daysUntilExpiry,issuedByNext"
    );
    assert_eq!(
        property(&certificate, "publicKey").as_string().unwrap(),
        "EC P-256"
    );
    assert_eq!(property(&certificate, "issuedByNext"), JsValue::NULL);
    let key = property(&result, "key");
    assert_eq!(keys(&key), "type,bits,curve,format");
    assert_eq!(property(&key, "format").as_string().unwrap(), "sec1");
    let first = property(&property(&result, "diagnostics"), "0");
    assert_eq!(
        property(&first, "code").as_string().unwrap(),
        "cert-self-signed"
    );
}

#[wasm_bindgen_test]
fn decode_secret_checks_the_cname_and_the_clock_it_is_given() {
    let text = format!("{TEST_CERT}{TEST_KEY}");
    let result = wasm::decode_secret(&text, Some(options("other.example.com"))).unwrap();
    assert_eq!(property(&result, "ok"), JsValue::FALSE);
    let late = js_sys::JSON::parse(r#"{"now": 4102444800000}"#).unwrap();
    let result = wasm::decode_secret(&text, Some(late)).unwrap();
    let found = codes(&result);
    assert!(found.contains(&"cert-expired".to_owned()), "{found:?}");
    // Without options the clock is the browser's.
    let result = wasm::decode_secret(&text, None).unwrap();
    assert!(
        property(
            &property(&property(&result, "certificates"), "0"),
            "daysUntilExpiry"
        )
        .as_f64()
        .unwrap()
            > 0.0
    );
}

fn codes(result: &JsValue) -> Vec<String> {
    Array::from(&property(result, "diagnostics"))
        .iter()
        .map(|d| property(&d, "code").as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn decode_secret_reads_tls_secrets_and_names_the_leaf_of_a_leaf_last_chain() {
    let result = wasm::decode_secret(TEST_TLS_SECRET, Some(options("www.contoso.com"))).unwrap();
    assert_eq!(property(&result, "entries").as_string().unwrap(), "tls");
    // The stored bytes, to be saved as cert.pem and key.pem.
    assert_eq!(property(&result, "certPem").as_string().unwrap(), TEST_CERT);
    assert_eq!(property(&result, "keyPem").as_string().unwrap(), TEST_KEY);
    assert_eq!(property(&result, "keyMatchesCertificate"), JsValue::TRUE);
    assert_eq!(codes(&result), ["secret-tls-keys", "cert-self-signed"]);
    // The key is only in keyPem: no message holds it.
    let key_line = TEST_KEY.lines().nth(1).unwrap();
    let messages = js_sys::JSON::stringify(&property(&result, "diagnostics"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!messages.contains(key_line));

    let result = wasm::decode_secret(TEST_LEAF_LAST, None).unwrap();
    assert_eq!(property(&result, "entries").as_string().unwrap(), "pem");
    assert_eq!(property(&result, "keyMatchesCertificate"), JsValue::TRUE);
    assert_eq!(property(&result, "keyCertificate").as_f64(), Some(1.0));
    assert_eq!(property(&result, "chainInOrder"), JsValue::FALSE);
    assert_eq!(property(&result, "ok"), JsValue::FALSE);
    assert_eq!(codes(&result), ["cert-leaf-not-first"]);
}

#[wasm_bindgen_test]
fn decode_secret_survives_hostile_input_and_throws_on_bad_options() {
    for text in [
        "",
        "\u{0}",
        "-----BEGIN CERTIFICATE-----\n!!\n",
        "data: {cert.pem: 1}",
        &"A".repeat(100_001),
    ] {
        let result = wasm::decode_secret(text, None).unwrap();
        assert_eq!(property(&result, "ok"), JsValue::FALSE, "{text:?}");
        assert_eq!(property(&result, "keyPem"), JsValue::NULL);
    }
    let error = wasm::decode_secret("x", Some(JsValue::from_str("cname"))).unwrap_err();
    assert_eq!(
        property(&error, "name").as_string().unwrap(),
        "AmlattachError"
    );
    assert_eq!(property(&error, "code").as_string().unwrap(), "bad-options");
}

/// A combined PEM: `cert.pem` holds the leaf, its private key, then the intermediate; `key.pem`
/// holds the key too.
const TEST_COMBINED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/combined/secret.yaml"
));
const TEST_COMBINED_KEY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/fixtures/wasm/combined/key.pem"
));

/// Issue 18 (item 2): `decodeSecret().certPem` carried the private key pasted into `cert.pem`.
/// It now holds the certificates only; the key is only ever `keyPem`.
#[wasm_bindgen_test]
fn decode_secret_gives_back_certificates_without_a_key_pasted_among_them() {
    let result = wasm::decode_secret(TEST_COMBINED, None).unwrap();
    let cert = property(&result, "certPem").as_string().unwrap();
    assert!(!cert.contains("PRIVATE KEY"));
    assert_eq!(cert.matches("-----BEGIN CERTIFICATE-----").count(), 2);
    assert_eq!(
        property(&result, "keyPem").as_string().unwrap(),
        TEST_COMBINED_KEY
    );
    assert_eq!(property(&result, "ok"), JsValue::FALSE);
    assert_eq!(codes(&result), ["ssl-pem-invalid"]);
    // Issue 18 (item 10): a key alone is an error, not "no errors".
    let result = wasm::decode_secret(TEST_KEY, None).unwrap();
    assert_eq!(property(&result, "ok"), JsValue::FALSE);
    assert_eq!(codes(&result), ["secret-not-found"]);
    assert_eq!(property(&result, "certPem"), JsValue::NULL);
}

const TABLE: &str = "KubernetesVersion    Upgrades
-------------------  --------------------
1.17.9               None available
1.16.13              1.17.9
1.15.12              1.16.13
";

#[wasm_bindgen_test]
fn parse_versions_and_check_version_round_trip_through_js() {
    let parsed = wasm::parse_versions(TABLE).unwrap();
    assert_eq!(keys(&parsed), "ok,diagnostics,list");
    let list = property(&parsed, "list");
    assert!(is_plain_object(&list));
    assert_eq!(
        keys(&list),
        "format,versions,defaultVersion,supportedMinors,minors,current"
    );
    assert_eq!(property(&list, "format").as_string().unwrap(), "table");
    let check = wasm::check_version(list, "1.16", None).unwrap();
    assert_eq!(property(&check, "ok"), JsValue::TRUE);
    assert_eq!(property(&check, "version").as_string().unwrap(), "1.16.13");
    assert_eq!(property(&check, "blobfuseCrossing"), JsValue::TRUE);
    let step = property(&property(&check, "upgrades"), "0");
    assert_eq!(keys(&step), "version,isPreview,crossesBlobfuse");
    // The text itself also works as the list.
    let check = wasm::check_version(JsValue::from_str(TABLE), "9.9", None).unwrap();
    assert_eq!(property(&check, "ok"), JsValue::FALSE);
    let error = wasm::check_version(JsValue::from_f64(1.0), "1.16", None).unwrap_err();
    assert_eq!(
        property(&error, "code").as_string().unwrap(),
        "not-a-version-list"
    );
    let unreadable = wasm::parse_versions("\u{0}").unwrap();
    assert_eq!(property(&unreadable, "list"), JsValue::NULL);
}

/// Issue 18 (item 4): a key whose name is written with `\uXXXX` escapes, and a SAS signature
/// after a JSON-escaped `\u0026`, inside an ARM error: JS gets the explanation with both
/// redacted, in every field (the extracted message used to carry the whole key).
#[wasm_bindgen_test]
fn explain_redacts_escaped_secrets_before_they_cross_the_edge() {
    let key = "Zm4u3Rt9.Lw-Pk2_Xv7~Nq8Hs5Jd1";
    let signature = "Im6tUc80qytU8OF9%2BeGeORJQ9vz2%3D";
    let text = format!(
        r#"{{"error":{{"code":"AuthorizationFailed","message":"The client 'a43e0215-c079-499e-b242-2c8cdc19e0ec' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write'. Settings: {{\"\u0070\u0061ssword\": \"{key}\", \"url\": \"https://a.blob.core.windows.net/c?sv=2022-11-02\u0026sig={signature}\u0026se=2030\"}}"}}}}"#
    );
    let explanation = wasm::explain(&text, None, None).unwrap();
    let json = js_sys::JSON::stringify(&explanation)
        .unwrap()
        .as_string()
        .unwrap();
    for piece in ["Zm4u3Rt9", "Nq8Hs5Jd1", "Im6tUc80", "ORJQ9vz2"] {
        assert!(!json.contains(piece), "{piece} in {json}");
    }
    let input = property(&explanation, "input");
    assert_eq!(property(&input, "redactions").as_f64(), Some(2.0));
    let message = property(&property(&property(&explanation, "errors"), "0"), "message")
        .as_string()
        .unwrap();
    assert!(
        message.contains(r#""password": "[redacted]""#)
            && message.contains("sig=[redacted]&se=2030"),
        "{message}"
    );
    let ids: Vec<String> = Array::from(&property(&explanation, "matches"))
        .iter()
        .map(|m| property(&m, "id").as_string().unwrap())
        .collect();
    assert!(ids.contains(&"authorization-failed".to_owned()), "{ids:?}");
}
