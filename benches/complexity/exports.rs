//! The wasm exports the page and the popup call on an input event, run natively: each prepared
//! call does what its function in `src/wasm/` does (a JS object through JSON text, the core
//! call, the result to JSON text) without the JS glue, so the native and the Node rows time the
//! same work.

use serde_json::Value;

use amlattach::dated::Now;
use amlattach::generate::{Shell, Target};
use amlattach::portal::context_from_url;
use amlattach::request::{self, Given};
use amlattach::spec::Workspace;
use amlattach::support::Plan;

/// A wasm export that reads what the user types or pastes (www/*.js, extension/*.js).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// `validate(spec, context, options)`: the form and the paste box on every input, the
    /// Commands section's spec box (www/app.js, www/paste.js, www/shared/generate.js).
    Validate,
    /// `validateComputeName(name)`: the popup's name field (extension/popup.js).
    ValidateComputeName,
    /// `contextFromUrl(url)`: the page's address, and each portal address the extension sees.
    ContextFromUrl,
    /// `generate(spec, target, options)`: the Commands section on every spec edit.
    Generate,
    /// `explain(text, spec, options)`: the troubleshooter on every input (www/explain.js).
    Explain,
    /// `decodeSecret(text, options)`: the secret box on every input (www/secret.js).
    DecodeSecret,
    /// `parseVersions(text)`: the versions box on every input (www/versions.js).
    ParseVersions,
    /// `checkVersion(list, version, options)`: the version field, with the parsed list or text.
    CheckVersion,
}

impl Export {
    /// The name JS calls it by.
    pub fn js_name(self) -> &'static str {
        match self {
            Export::Validate => "validate",
            Export::ValidateComputeName => "validateComputeName",
            Export::ContextFromUrl => "contextFromUrl",
            Export::Generate => "generate",
            Export::Explain => "explain",
            Export::DecodeSecret => "decodeSecret",
            Export::ParseVersions => "parseVersions",
            Export::CheckVersion => "checkVersion",
        }
    }
}

/// One argument of a JS call: text, a plain object (or array), or `null`.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Object(Value),
    Null,
}

impl Arg {
    /// The argument as JSON, as `--emit` writes it for the Node runner.
    pub fn to_json(&self) -> Value {
        match self {
            Arg::Text(text) => Value::String(text.clone()),
            Arg::Object(value) => value.clone(),
            Arg::Null => Value::Null,
        }
    }

    /// Bytes of input: the text, or the JSON text of an object (what the edge reads).
    pub fn input_bytes(&self) -> usize {
        match self {
            Arg::Text(text) => text.len(),
            Arg::Object(value) => value.to_string().len(),
            Arg::Null => 0,
        }
    }
}

/// A call ready to repeat; it returns the length of its result as JSON text.
pub type Call = Box<dyn Fn() -> usize>;

/// A document argument as the edge's `to_node` takes it: text is read as YAML or JSON, an
/// object arrives as the JSON text `JSON.stringify` makes of it.
enum Source {
    Text(String),
    Json(String),
}

impl Source {
    fn of(arg: &Arg) -> Option<Source> {
        match arg {
            Arg::Text(text) => Some(Source::Text(text.clone())),
            Arg::Object(value) => Some(Source::Json(value.to_string())),
            Arg::Null => None,
        }
    }

    /// Calls `f` with the document as the wasm edge hands it to the request layer: text as
    /// it is, an object as the JSON value `JSON.stringify` makes of it.
    fn with<R>(&self, f: impl FnOnce(Given<'_>) -> R) -> R {
        match self {
            Source::Text(text) => f(Given::Text(text)),
            Source::Json(json) => match serde_json::from_str::<Value>(json) {
                Ok(value) => f(Given::Json(&value)),
                // The edge throws here; a bench input is never such a value.
                Err(_) => f(Given::Text(json)),
            },
        }
    }
}

/// The call `export(args…)` makes, as of `now`.
pub fn prepare(export: Export, args: &[Arg], now: Now) -> Result<Call, String> {
    let text = |index: usize| match args.get(index) {
        Some(Arg::Text(text)) => Ok(text.clone()),
        _ => Err(format!(
            "{}: argument {index} must be text",
            export.js_name()
        )),
    };
    let source = |index: usize| {
        args.get(index)
            .and_then(Source::of)
            .ok_or_else(|| format!("{}: argument {index} is missing", export.js_name()))
    };
    let option = |index: usize, name: &str| match args.get(index) {
        Some(Arg::Object(value)) => value.get(name).and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    Ok(match export {
        Export::Validate => {
            let spec = source(0)?;
            let context = args.get(1).and_then(Source::of);
            Box::new(move || {
                spec.with(|spec| match &context {
                    Some(context) => context.with(|context| {
                        let checked =
                            request::validate(spec, Some(context), &Workspace::default(), now);
                        let normalized = checked.spec.map(|s| s.normalized());
                        json_len(&(&checked.report.diagnostics, normalized))
                    }),
                    None => {
                        let checked = request::validate(spec, None, &Workspace::default(), now);
                        let normalized = checked.spec.map(|s| s.normalized());
                        json_len(&(&checked.report.diagnostics, normalized))
                    }
                })
            })
        }
        Export::ValidateComputeName => {
            let name = text(0)?;
            Box::new(move || json_len(&amlattach::validate_compute_name(&name)))
        }
        Export::ContextFromUrl => {
            let url = text(0)?;
            Box::new(move || json_len(&context_from_url(&url)))
        }
        Export::Generate => {
            let spec = source(0)?;
            let target: Target = request::target(&text(1)?).map_err(|e| e.to_string())?;
            let shell = match option(2, "shell").as_deref() {
                Some("pwsh") => Shell::Pwsh,
                _ => Shell::Bash,
            };
            Box::new(move || {
                spec.with(|spec| {
                    match request::generate(
                        spec,
                        None,
                        None,
                        &Workspace::default(),
                        target,
                        shell,
                        now,
                    ) {
                        Ok(output) => json_len(&output.text),
                        Err(error) => json_len(&error.report().map(|r| &r.diagnostics)),
                    }
                })
            })
        }
        Export::Explain => {
            let pasted = text(0)?;
            Box::new(move || {
                let explained =
                    request::explain(&pasted, None, None, &Workspace::default(), Shell::Bash, now);
                json_len(&explained.map(|e| e.explanation).ok())
            })
        }
        Export::DecodeSecret => {
            let pasted = text(0)?;
            Box::new(move || {
                let decoded = request::decode_secret(&pasted, None, now);
                // The key's PEM is handed to JS as it is stored: its length stands for it here.
                let key = decoded.key_pem.as_ref().map_or(0, |k| k.expose().len());
                key + json_len(&(
                    &decoded.diagnostics,
                    &decoded.cert_pem,
                    &decoded.certificates,
                    &decoded.key,
                ))
            })
        }
        Export::ParseVersions => {
            let pasted = text(0)?;
            Box::new(move || json_len(&request::parse_versions(&pasted)))
        }
        Export::CheckVersion => {
            let list = source(0)?;
            let version = text(1)?;
            Box::new(move || {
                list.with(|list| {
                    request::check_version(list, &version, Plan::default(), now)
                        .map_or(0, |check| json_len(&check))
                })
            })
        }
    })
}

/// The length of `value` as JSON text (what `to_js` makes before `JSON.parse`).
fn json_len<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    serde_json::to_string(value).map_or(0, |json| json.len())
}
