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
    assert_eq!(keys(&first), "code,severity,path,message");
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
