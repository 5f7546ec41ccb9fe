//! The user's own `az` command lines in the pasted text (`$ az ml compute attach -g rg -w ws
//! -n name …`, `az k8s-extension create --cluster-name c …`): their options name the workspace,
//! the compute, the cluster (AKS or Arc), the extension and the subscription the failure is
//! about, so the fixes can use them. Each line is read once, at most a few hundred of them.

use super::text::{push, Text};
use super::{Facts, Resource, ResourceKind};

/// The most command lines read.
const MAX_LINES: usize = 256;

/// Reads every `az` command line of `text`; a command continued over lines (` \` in bash, `` ` ``
/// in PowerShell, `^` in cmd) is read as one line.
pub(super) fn read_commands(text: &str, facts: &mut Facts) {
    let mut read = 0;
    let mut joined = String::new();
    for line in text.lines() {
        if read >= MAX_LINES {
            break;
        }
        let trimmed = line.trim_end();
        let continued = [" \\", " `", " ^"]
            .iter()
            .find_map(|mark| trimmed.strip_suffix(mark));
        if let Some(part) = continued {
            if joined.len() + part.len() <= MAX_COMMAND_BYTES {
                joined.push_str(part);
                joined.push(' ');
            }
            continue;
        }
        let line = if joined.is_empty() {
            line
        } else {
            if joined.len() + line.len() <= MAX_COMMAND_BYTES {
                joined.push_str(line.trim_start());
            }
            joined.as_str()
        };
        let command = read_line(line, facts);
        if command == 0 {
            read_setting_keys(line, facts);
        }
        read += command;
        joined.clear();
    }
    // A command whose last line still says it goes on.
    if !joined.is_empty() && read < MAX_LINES {
        read_line(&joined, facts);
    }
}

/// The Azure ML extension's setting keys (documented, or retired) a line names as words:
/// `inferenceRouterServiceType=NodePort`, `'allowInsecureConnections'`. Keys are compared with
/// their case, as the extension reads them; at most a few are kept.
fn read_setting_keys(line: &str, facts: &mut Facts) {
    const MAX_KEYS: usize = 16;
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
    for word in line.split(|c: char| !is_word(c)) {
        if facts.extension_keys_named.len() >= MAX_KEYS {
            return;
        }
        let word = word.trim_end_matches('.');
        // Short words (`domain`, `name`) are everyday words too: only a camel-case or dotted key.
        let keyish = word.len() >= 8 && word.bytes().any(|b| b.is_ascii_uppercase() || b == b'.');
        if !keyish {
            continue;
        }
        let key = crate::extension::settings::find(word)
            .filter(|s| !s.key.ends_with('.'))
            .map(|s| s.key)
            .or_else(|| {
                crate::extension::settings::RETIRED
                    .iter()
                    .find(|(old, _)| *old == word)
                    .map(|(old, _)| *old)
            });
        if let Some(key) = key {
            push(&mut facts.extension_keys_named, key.to_owned());
        }
    }
}

/// The longest command read.
const MAX_COMMAND_BYTES: usize = 4096;

/// One line, when it is an `az` command: 1 when it was read.
fn read_line(line: &str, facts: &mut Facts) -> usize {
    {
        let mut line = line.trim_start().trim_start_matches('`');
        // A prompt before the command: `$ `, `> `, `+ ` (a shell trace), `PS C:\> `.
        for prompt in ["$ ", "> ", "+ ", "# ", "% "] {
            if let Some(rest) = line.strip_prefix(prompt) {
                line = rest.trim_start();
            }
        }
        if line.starts_with("PS ") {
            if let Some(at) = line.find("> ") {
                line = line[at + 2..].trim_start();
            }
        }
        if !line.starts_with("az ") || line.len() > MAX_COMMAND_BYTES {
            return 0;
        }
        // `az k8s-extension update: error: …` is the CLI's message about a command, not one.
        let named: Vec<&str> = line
            .split_whitespace()
            .take_while(|w| !w.starts_with('-'))
            .collect();
        if named.iter().any(|w| w.ends_with(':')) {
            return 0;
        }
        read_command(line, facts);
        1
    }
}

/// One command: its words until the first option, then `--flag value` pairs.
fn read_command(line: &str, facts: &mut Facts) {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'' || c == '`'))
        .collect();
    let group: Vec<&str> = words
        .iter()
        .skip(1)
        .take_while(|w| !w.starts_with('-'))
        .copied()
        .collect();
    let option = |names: &[&str]| {
        words.windows(2).find_map(|pair| {
            let (flag, value) = (pair[0], pair[1]);
            let (flag, inline) = match flag.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (flag, None),
            };
            names
                .contains(&flag)
                .then(|| inline.unwrap_or(value))
                .filter(|v| {
                    !v.is_empty()
                        && !v.starts_with('-')
                        && !v.starts_with('<')
                        && !v.starts_with('$')
                })
        })
    };
    let subscription = option(&["--subscription"]).map(str::to_owned);
    let resource_group = option(&["--resource-group", "-g"]).map(str::to_owned);
    let name = option(&["--name", "-n"]);
    let mut add = |kind: ResourceKind, name: &str, group: Option<String>| {
        let resource = Resource {
            kind,
            resource_type: String::new(),
            name: name.to_owned(),
            resource_group: group,
            subscription: subscription.clone(),
            id: None,
            missing: false,
            id_problems: Vec::new(),
        };
        super::resources::add_resource(facts, resource);
    };
    match group.first().copied() {
        Some("ml") => {
            let workspace = option(&["--workspace-name", "-w"]);
            if let Some(w) = workspace {
                add(ResourceKind::Workspace, w, resource_group.clone());
            }
            let compute = group.get(1).is_some_and(|g| g.starts_with("compute"));
            if let (true, Some(n)) = (compute, name) {
                add(ResourceKind::Compute, n, resource_group.clone());
            }
            if group.get(1) == Some(&"workspace") {
                if let Some(n) = name {
                    add(ResourceKind::Workspace, n, resource_group.clone());
                }
            }
        }
        Some("k8s-extension") => {
            let cluster = option(&["--cluster-name", "-c"]);
            let kind = match option(&["--cluster-type", "-t"]) {
                Some(t) if t.eq_ignore_ascii_case("connectedClusters") => ResourceKind::ArcCluster,
                _ => ResourceKind::AksCluster,
            };
            if let Some(c) = cluster {
                add(kind, c, resource_group.clone());
            }
            if let Some(n) = name {
                add(ResourceKind::Extension, n, resource_group.clone());
            }
            if matches!(group.get(1).copied(), Some("create" | "update")) {
                read_extension_config(&words, facts);
            }
        }
        Some("aks") => {
            let cluster = if group.get(1) == Some(&"nodepool") {
                option(&["--cluster-name"])
            } else {
                name
            };
            if let Some(c) = cluster {
                add(ResourceKind::AksCluster, c, resource_group.clone());
            }
        }
        Some("connectedk8s") => {
            if let Some(c) = name {
                add(ResourceKind::ArcCluster, c, resource_group.clone());
            }
        }
        _ => {}
    }
    if let Some(s) = subscription {
        if crate::resource_id::is_guid(&s) {
            push(&mut facts.subscriptions, s);
        }
    }
}

/// The `key=value` words after `--config` (or `--configuration-settings`) up to the next option;
/// `--config-protected` values are secrets and never read.
fn read_extension_config(words: &[&str], facts: &mut Facts) {
    let mut in_config = false;
    for word in words {
        if word.starts_with('-') {
            let (flag, inline) = match word.split_once('=') {
                Some((flag, value)) => (flag, Some(value)),
                None => (*word, None),
            };
            in_config = matches!(flag, "--config" | "--configuration-settings");
            if let (true, Some(pair)) = (in_config, inline) {
                push_setting(pair, facts);
            }
            continue;
        }
        if in_config {
            push_setting(word, facts);
        }
    }
}

/// One `key=value`, when it is one (at most a few dozen kept).
fn push_setting(pair: &str, facts: &mut Facts) {
    const MAX_SETTINGS: usize = 64;
    if let Some((key, value)) = pair.split_once('=') {
        let key_ok = !key.is_empty()
            && key.len() <= 128
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'));
        if key_ok && facts.extension_config.len() < MAX_SETTINGS {
            let value: String = value.chars().take(256).collect();
            facts.extension_config.push((key.to_owned(), value));
        }
    }
}

/// The Azure CLI extensions a text names: a module path (`azext_k8s_extension`,
/// `cliextensions/ml/`), "extension 'ml'", "command module 'ml'", `az extension add --name ml`.
pub(super) fn read_cli_extensions(t: &Text, facts: &mut Facts) {
    // Module names and the extension each belongs to.
    const MODULES: &[(&str, &str)] = &[
        ("azext_mlv2", "ml"),
        ("azext_ml", "ml"),
        ("azext_k8s_extension", "k8s-extension"),
        ("azext_connectedk8s", "connectedk8s"),
        ("azext_k8sconfiguration", "k8sconfiguration"),
        ("azext_aks_preview", "aks-preview"),
        ("azure-cli-ml", "azure-cli-ml"),
        ("azure_cli_ml", "azure-cli-ml"),
    ];
    for (module, name) in MODULES {
        if t.lower.contains(module) {
            push(&mut facts.cli_extensions, (*name).to_owned());
        }
    }
    for anchor in [
        "cliextensions/",
        "cliextensions\\",
        "command module '",
        "extensions for '",
        "available for '",
    ] {
        for at in t.find_all(anchor) {
            let from = at + anchor.len();
            let end = t.plain[from..]
                .bytes()
                .take(40)
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
                .map_or(from, |n| from + n);
            let name = &t.plain[from..end];
            if !name.is_empty() && !name.starts_with("azext") {
                push(&mut facts.cli_extensions, name.to_ascii_lowercase());
            }
        }
    }
    // "'ml' is misspelled or not recognized by the system": the name in the quotes before.
    for at in t.find_all("' is misspelled") {
        let head = t.w(at.saturating_sub(40), at);
        if let Some(open) = head.rfind('\'') {
            let name = &head[open + 1..];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                push(&mut facts.cli_extensions, name.to_owned());
            }
        }
    }
    for at in t.find_all("az extension ") {
        let line = t.w(at, at + 120);
        let line = line.lines().next().unwrap_or("");
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| *w == "--name" || *w == "-n") {
            if let Some(name) = words.get(i + 1) {
                let name = name.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
                if !name.is_empty() && !name.starts_with('<') {
                    push(&mut facts.cli_extensions, name.to_owned());
                }
            }
        }
    }
}
