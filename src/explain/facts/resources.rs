//! The Azure resources a text names: ARM ids parsed into their parts (and the parents they sit
//! under), ARM's "The Resource 'type/name' under resource group 'rg'", and the resources the
//! text says were not found.

use super::text::Text;
use super::{Facts, Resource, ResourceKind, MAX_QUOTED, MAX_VALUES};

/// Every ARM id (`/subscriptions/…`), parsed; an extension's id names its cluster too.
pub(super) fn read_ids(t: &Text, facts: &mut Facts) {
    for at in t.find_all("/subscriptions/") {
        let bytes = t.plain.as_bytes();
        let len = bytes[at..]
            .iter()
            .take(MAX_QUOTED)
            .position(|&b| {
                !(b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'(' | b')'))
            })
            .unwrap_or(bytes.len() - at);
        let id = t.plain[at..at + len].trim_end_matches(['.', ')', '(']);
        // A URL's path ends where its query starts; the id ends there too.
        for resource in parse_id(id) {
            add_resource(facts, resource);
        }
    }
}

/// The resources of one id: the deepest, and the clusters and workspaces it sits under.
pub(super) fn parse_id(id: &str) -> Vec<Resource> {
    let parts: Vec<&str> = id.split('/').collect();
    // parts[0] is "" before the leading '/'.
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut i = 1;
    let mut subscription = None;
    let mut group = None;
    if parts
        .get(i)
        .is_some_and(|p| p.eq_ignore_ascii_case("subscriptions"))
    {
        subscription = parts
            .get(i + 1)
            .filter(|s| !s.is_empty())
            .map(|s| (*s).to_owned());
        i += 2;
    }
    let Some(subscription) = subscription else {
        return out;
    };
    if let Some(&word) = parts.get(i) {
        if word.eq_ignore_ascii_case("resourcegroups") {
            if word != "resourceGroups" {
                problems.push(format!(
                    "`{word}` where ARM writes `resourceGroups` (some SDK and CLI id patterns only accept that spelling)"
                ));
            }
            group = parts
                .get(i + 1)
                .filter(|s| !s.is_empty())
                .map(|s| (*s).to_owned());
            if group.is_none() {
                problems.push("no resource group name after `resourceGroups`".to_owned());
            }
            i += 2;
        } else if word.eq_ignore_ascii_case("resourcegroup") {
            problems.push(format!("`{word}` where ARM writes `resourceGroups`"));
            group = parts.get(i + 1).map(|s| (*s).to_owned());
            i += 2;
        }
    }
    let base =
        |kind, resource_type: String, name: String, id: &str, problems: Vec<String>| Resource {
            kind,
            resource_type,
            name,
            resource_group: group.clone(),
            subscription: Some(subscription.clone()),
            id: Some(id.to_owned()),
            missing: false,
            id_problems: problems,
        };
    if parts.get(i).is_none() || parts.get(i).is_some_and(|p| p.is_empty()) {
        let end = parts.len().min(i);
        let prefix = parts[..end].join("/");
        match &group {
            Some(g) => out.push(base(
                ResourceKind::ResourceGroup,
                String::new(),
                g.clone(),
                &prefix,
                problems,
            )),
            None => out.push(base(
                ResourceKind::Subscription,
                String::new(),
                subscription.clone(),
                &prefix,
                problems,
            )),
        }
        return out;
    }
    // providers/{namespace}/{type}/{name}[/{type}/{name}…][/providers/{namespace}/{type}/{name}…]
    let mut resource_type = String::new();
    let mut name = String::new();
    while i < parts.len() {
        if parts[i].eq_ignore_ascii_case("providers") {
            let Some(namespace) = parts.get(i + 1).filter(|s| !s.is_empty()) else {
                problems.push("no provider namespace after `providers`".to_owned());
                break;
            };
            if !resource_type.is_empty() {
                // The resource so far is the parent of an extension resource.
                let end = i;
                let parent_id = parts[..end].join("/");
                out.push(base(
                    ResourceKind::of_type(&resource_type),
                    resource_type.clone(),
                    name.clone(),
                    &parent_id,
                    Vec::new(),
                ));
            }
            resource_type = (*namespace).to_owned();
            name.clear();
            i += 2;
            continue;
        }
        if resource_type.is_empty() {
            problems.push(format!("`{}` where `providers` was expected", parts[i]));
            break;
        }
        let kind = parts[i];
        if kind.is_empty() {
            problems.push("an empty segment (`//`)".to_owned());
            break;
        }
        resource_type.push('/');
        resource_type.push_str(kind);
        match parts.get(i + 1) {
            Some(n) if !n.is_empty() => {
                // Parents keep their own entry: a compute's workspace, a pool's cluster.
                if !name.is_empty() {
                    let parent_type =
                        resource_type[..resource_type.len() - kind.len() - 1].to_owned();
                    let parent_kind = ResourceKind::of_type(&parent_type);
                    if parent_kind != ResourceKind::Other {
                        let parent_id = parts[..i].join("/");
                        out.push(base(
                            parent_kind,
                            parent_type,
                            name.clone(),
                            &parent_id,
                            Vec::new(),
                        ));
                    }
                }
                name = (*n).to_owned();
            }
            _ => {
                // `…/computes` with no name: a collection (a list call), not a resource.
                if i + 1 < parts.len() {
                    problems.push(format!("no name after `{kind}`"));
                }
                name.clear();
                break;
            }
        }
        i += 2;
    }
    if !name.is_empty() && resource_type.contains('/') {
        out.push(base(
            ResourceKind::of_type(&resource_type),
            resource_type,
            name,
            id,
            problems,
        ));
    } else if !problems.is_empty() {
        let g = group.clone().unwrap_or_default();
        out.push(base(
            ResourceKind::ResourceGroup,
            String::new(),
            g,
            id,
            problems,
        ));
    }
    out
}

pub(super) fn add_resource(facts: &mut Facts, resource: Resource) {
    let same = |r: &Resource| {
        r.kind == resource.kind
            && r.name.eq_ignore_ascii_case(&resource.name)
            && (r.resource_group.is_none()
                || resource.resource_group.is_none()
                || r.resource_group.as_deref().map(str::to_ascii_lowercase)
                    == resource
                        .resource_group
                        .as_deref()
                        .map(str::to_ascii_lowercase))
    };
    if let Some(known) = facts.resources.iter_mut().find(|r| same(r)) {
        known.missing |= resource.missing;
        if known.resource_group.is_none() {
            known.resource_group = resource.resource_group;
        }
        if known.subscription.is_none() {
            known.subscription = resource.subscription;
        }
        if known.id.is_none() {
            known.id = resource.id;
        }
        for problem in resource.id_problems {
            if !known.id_problems.contains(&problem) {
                known.id_problems.push(problem);
            }
        }
        return;
    }
    if facts.resources.len() < MAX_VALUES * 2 {
        facts.resources.push(resource);
    }
}

/// The type a `Microsoft.X/type/name[/type/name…]` path names: the namespace and every type
/// segment, without the names.
fn type_of(segments: &[&str]) -> String {
    segments[..segments.len().saturating_sub(1)]
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || i % 2 == 1)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join("/")
}

/// ARM's "The Resource 'Microsoft.X/type/name' under resource group 'rg' was not found",
/// "Resource group 'rg' could not be found", "The subscription 'id' could not be found", and
/// any id in a sentence that says it was not found.
pub(super) fn read_named_resources(t: &Text, facts: &mut Facts) {
    let not_found_near = |from: usize| {
        let end = (from + 200).min(t.lower.len());
        let window = t.lower.get(from..end).unwrap_or("");
        window.contains("not found")
            || window.contains("could not be found")
            || window.contains("was not found")
            || window.contains("does not exist")
            || window.contains("doesn't exist")
            || window.contains("cannot be found")
    };
    for at in t.find_all("resource ") {
        let Some((value, after)) = t.quoted_at(at + "resource ".len()) else {
            continue;
        };
        let segments: Vec<&str> = value.split('/').collect();
        if value.starts_with('/') || segments.len() < 3 || segments.len() % 2 == 0 {
            continue;
        }
        if !segments[0].contains('.') {
            continue;
        }
        let name = segments[segments.len() - 1].to_owned();
        let resource_type = type_of(&segments);
        let mut group = None;
        if let Some(g) = t.w(after, after + 40).find("resource group") {
            group = t
                .quoted_at(after + g + "resource group".len())
                .map(|(v, _)| v.to_owned());
        }
        // ARM interleaves types and names ('Microsoft.X/workspaces/ws/computes/c'): each shorter
        // prefix names a parent, in the same group, that is there (only the last is missing).
        for end in (3..segments.len()).step_by(2) {
            let parent_type = type_of(&segments[..end]);
            add_resource(
                facts,
                Resource {
                    kind: ResourceKind::of_type(&parent_type),
                    resource_type: parent_type,
                    name: segments[end - 1].to_owned(),
                    resource_group: group.clone(),
                    subscription: None,
                    id: None,
                    missing: false,
                    id_problems: Vec::new(),
                },
            );
        }
        add_resource(
            facts,
            Resource {
                kind: ResourceKind::of_type(&resource_type),
                resource_type,
                name,
                resource_group: group,
                subscription: None,
                id: None,
                missing: not_found_near(after),
                id_problems: Vec::new(),
            },
        );
    }
    for (anchor, kind) in [
        ("resource group ", ResourceKind::ResourceGroup),
        ("subscription ", ResourceKind::Subscription),
    ] {
        for at in t.find_all(anchor) {
            let Some((value, after)) = t.quoted_at(at + anchor.len()) else {
                continue;
            };
            if value.is_empty() || value.contains(' ') || value.starts_with('/') {
                continue;
            }
            // "The Resource 'x' under resource group 'g' was not found": the group is where
            // the missing resource was looked for, not what is missing.
            if t.w(at.saturating_sub(8), at).contains("under") {
                continue;
            }
            let missing = not_found_near(after)
                && t.w(after, usize::MAX)
                    .trim_start()
                    .starts_with(['c', 'w', 'n', 'd']);
            if !missing {
                continue;
            }
            add_resource(
                facts,
                Resource {
                    kind,
                    resource_type: String::new(),
                    name: value.to_owned(),
                    resource_group: None,
                    subscription: (kind == ResourceKind::Subscription).then(|| value.to_owned()),
                    id: None,
                    missing: true,
                    id_problems: Vec::new(),
                },
            );
        }
    }
    // An id in a sentence that says it was not found (404 messages quote the id).
    let not_found_code = [
        "ResourceNotFound",
        "NotFound",
        "ResourceGroupNotFound",
        "ParentResourceNotFound",
    ]
    .iter()
    .any(|c| facts.has_code(c));
    if not_found_code {
        let resources = facts.resources.clone();
        for r in resources {
            if let Some(id) = &r.id {
                let lower_id = id.to_ascii_lowercase();
                if let Some(at) = t.lower.find(&lower_id) {
                    let from = at.saturating_sub(120);
                    let before = t.lower.get(from..at).unwrap_or("");
                    if not_found_near(at + lower_id.len()) || before.contains("not found") {
                        if let Some(known) = facts.resources.iter_mut().find(|k| k.id == r.id) {
                            known.missing = true;
                        }
                    }
                }
            }
        }
    }
}

/// "Workspace not found.", "No workspaces found with name=x", "could not find compute 'x'",
/// "cluster 'x' does not exist": a resource of a known kind the text says is missing, with its
/// name when one is given next to it.
pub(super) fn read_missing_nouns(t: &Text, facts: &mut Facts) {
    const NOUNS: &[(&str, ResourceKind)] = &[
        ("workspace", ResourceKind::Workspace),
        ("compute", ResourceKind::Compute),
        ("compute cluster", ResourceKind::Compute),
        ("compute target", ResourceKind::Compute),
        ("computetarget", ResourceKind::Compute),
        ("resource group", ResourceKind::ResourceGroup),
        ("subscription", ResourceKind::Subscription),
        ("connected cluster", ResourceKind::ArcCluster),
        ("managed cluster", ResourceKind::AksCluster),
        ("aks cluster", ResourceKind::AksCluster),
    ];
    // Phrases after the noun, and phrases before it.
    const AFTER: &[&str] = &[
        " not found",
        " was not found",
        " could not be found",
        " does not exist",
        " doesn't exist",
        " cannot be found",
    ];
    const BEFORE: &[&str] = &[
        "could not find ",
        "cannot find ",
        "unable to find ",
        "no such ",
        "failed to find ",
        "unknown ",
    ];
    let mut add = |kind: ResourceKind, around: usize| {
        if facts.resources.iter().any(|r| r.kind == kind && r.missing) {
            return;
        }
        // A name given next to it: `name=x`, `'x'`, `"x"`.
        let window = t.w(around.saturating_sub(80), around + 120);
        let name = window
            .find("name=")
            .and_then(|i| {
                let from = around.saturating_sub(80) + i + 5;
                t.value_at(from).map(str::to_owned)
            })
            .or_else(|| {
                let quote = window.find(['\'', '"'])?;
                t.quoted_at(around.saturating_sub(80) + quote)
                    .map(|(v, _)| v.to_owned())
            })
            .filter(|v| !v.is_empty() && v.len() <= 90 && !v.contains(' '))
            .unwrap_or_default();
        add_resource(
            facts,
            Resource {
                kind,
                resource_type: String::new(),
                name,
                resource_group: None,
                subscription: None,
                id: None,
                missing: true,
                id_problems: Vec::new(),
            },
        );
    };
    for phrase in AFTER {
        for at in t.find_all(phrase) {
            let before = t.w(at.saturating_sub(40), at);
            for (noun, kind) in NOUNS {
                // "Workspace not found", "workspace 'x' not found", "No workspaces found".
                // The name between the noun and the phrase: `workspace 'x' not found`.
                let tail = before
                    .trim_end()
                    .trim_end_matches(['\'', '"'])
                    .rsplit_once(' ')
                    .map_or("", |(head, _)| head.trim_end());
                // "The Resource 'x' under resource group 'g' was not found": not the group.
                if tail.ends_with(&format!("under {noun}")) {
                    continue;
                }
                if before.ends_with(noun)
                    || tail.ends_with(noun)
                    || before.ends_with(&format!("{noun}s"))
                {
                    add(*kind, at);
                }
            }
        }
    }
    for phrase in BEFORE {
        for at in t.find_all(phrase) {
            let after = t.w(at + phrase.len(), at + phrase.len() + 40);
            for (noun, kind) in NOUNS {
                let after = after.trim_start_matches("the ").trim_start_matches("a ");
                if after.starts_with(noun) {
                    add(*kind, at);
                }
            }
        }
    }
    for at in t.find_all("no ") {
        let after = t.w(at + 3, at + 40);
        for (noun, kind) in NOUNS {
            if after.starts_with(&format!("{noun}s found"))
                || after.starts_with(&format!("{noun} found"))
            {
                add(*kind, at);
            }
        }
    }
}

/// An extension's name given in words: `Extension Name: "x"`, `extension 'x'`, Helm's
/// `release [x]` / `release x` / `release "x"`.
pub(super) fn read_extension_names(t: &Text, facts: &mut Facts) {
    for anchor in ["extension name", "release [", "release \"", "helm release "] {
        for at in t.find_all(anchor) {
            let from = at + anchor.len();
            let value = if anchor.ends_with('[') {
                let window = t.w(from, from + 80);
                window
                    .find(']')
                    .and_then(|end| t.plain.get(from..from + end))
            } else if anchor.ends_with('"') {
                t.quoted_at(from - 1).map(|(v, _)| v)
            } else {
                let mut i = from;
                let bytes = t.plain.as_bytes();
                while matches!(bytes.get(i), Some(b':' | b' ' | b'=')) && i < from + 3 {
                    i += 1;
                }
                t.value_at(i)
            };
            let Some(name) = value else {
                continue;
            };
            if name.is_empty()
                || name.len() > 63
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            {
                continue;
            }
            add_resource(
                facts,
                Resource {
                    kind: ResourceKind::Extension,
                    resource_type: "Microsoft.KubernetesConfiguration/extensions".to_owned(),
                    name: name.to_owned(),
                    resource_group: None,
                    subscription: None,
                    id: None,
                    missing: false,
                    id_problems: Vec::new(),
                },
            );
        }
    }
}
