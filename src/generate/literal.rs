//! JSON values written as nested literals of another language (Python, Bicep, HCL): the layout is
//! shared, each language gives its scalars, keys and separators.

use serde_json::Value;

/// How one language writes a nested JSON value.
pub(super) struct Literals {
    /// One level of indentation.
    pub indent: &'static str,
    /// A null, boolean, number or string.
    pub scalar: fn(&Value) -> String,
    /// An object key.
    pub key: fn(&str) -> String,
    /// Between a key and its value (`": "`, `" = "`).
    pub pair: &'static str,
    /// After each array item.
    pub item_end: &'static str,
    /// After each object entry.
    pub entry_end: &'static str,
}

impl Literals {
    /// `v` as a literal whose closing bracket sits at `indent` levels.
    pub fn value(&self, v: &Value, indent: usize) -> String {
        let pad = self.indent.repeat(indent + 1);
        let end = self.indent.repeat(indent);
        match v {
            Value::Array(items) if !items.is_empty() => {
                let inner: String = items
                    .iter()
                    .map(|i| format!("{pad}{}{}\n", self.value(i, indent + 1), self.item_end))
                    .collect();
                format!("[\n{inner}{end}]")
            }
            Value::Object(map) if !map.is_empty() => {
                let inner: String = map
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{pad}{}{}{}{}\n",
                            (self.key)(k),
                            self.pair,
                            self.value(v, indent + 1),
                            self.entry_end
                        )
                    })
                    .collect();
                format!("{{\n{inner}{end}}}")
            }
            Value::Array(_) => "[]".to_owned(),
            Value::Object(_) => "{}".to_owned(),
            scalar => (self.scalar)(scalar),
        }
    }
}
