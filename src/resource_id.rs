//! Azure Resource Manager ids of what an attach names (AKS and Arc clusters, user-assigned
//! identities) and the naming rules of their parts. Keywords are matched case-insensitively,
//! the values kept as typed, and ids are written back in canonical casing with a leading `/`.

use std::fmt;

use crate::diagnostic::excerpt;

/// Which kind of Kubernetes cluster a resource id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClusterKind {
    /// `Microsoft.ContainerService/managedClusters`.
    Aks,
    /// `Microsoft.Kubernetes/connectedClusters` (Azure Arc).
    Arc,
}

impl ClusterKind {
    /// The provider namespace and resource type, canonically cased.
    pub fn provider_and_type(self) -> (&'static str, &'static str) {
        match self {
            ClusterKind::Aks => ("Microsoft.ContainerService", "managedClusters"),
            ClusterKind::Arc => ("Microsoft.Kubernetes", "connectedClusters"),
        }
    }

    /// The `--cluster-type` value of `az k8s-extension`.
    pub fn extension_cluster_type(self) -> &'static str {
        self.provider_and_type().1
    }
}

/// The id of an Azure Machine Learning workspace: the one workspace type of the live calls, the
/// page's address reader and the request layer (`spec::Workspace` is what is known of one, with
/// every part optional, for the checks and the generators' placeholders).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceId {
    /// Subscription id.
    pub subscription: String,
    /// Resource group, as written.
    pub resource_group: String,
    /// Workspace name, as written.
    pub name: String,
}

impl WorkspaceId {
    /// Reads `/subscriptions/…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/…`
    /// (any casing of the fixed segments, with or without the leading `/`); `None` for anything
    /// else.
    pub fn parse(id: &str) -> Option<WorkspaceId> {
        let parts: Vec<&str> = id.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [s, sub, r, rg, p, provider, w, name]
                if s.eq_ignore_ascii_case("subscriptions")
                    && r.eq_ignore_ascii_case("resourceGroups")
                    && p.eq_ignore_ascii_case("providers")
                    && provider.eq_ignore_ascii_case("Microsoft.MachineLearningServices")
                    && w.eq_ignore_ascii_case("workspaces")
                    && [sub, rg, name].iter().all(|part| !part.is_empty()) =>
            {
                Some(WorkspaceId {
                    subscription: (*sub).to_owned(),
                    resource_group: (*rg).to_owned(),
                    name: (*name).to_owned(),
                })
            }
            _ => None,
        }
    }
}

impl fmt::Display for WorkspaceId {
    /// The canonical id (`resourceGroups`, `Microsoft.MachineLearningServices`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

/// The id of an AKS or Arc cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClusterId {
    /// Subscription id (a GUID).
    pub subscription: String,
    /// Resource group name, as typed.
    pub resource_group: String,
    /// Cluster name, as typed.
    pub name: String,
    /// AKS or Arc.
    pub kind: ClusterKind,
}

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (provider, kind) = self.kind.provider_and_type();
        write!(
            f,
            "/subscriptions/{}/resourceGroups/{}/providers/{provider}/{kind}/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

/// The id of a user-assigned managed identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdentityId {
    /// Subscription id (a GUID).
    pub subscription: String,
    /// Resource group name, as typed.
    pub resource_group: String,
    /// Identity name, as typed.
    pub name: String,
}

impl fmt::Display for IdentityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

/// Why a text is not the resource id wanted; each message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not shaped like `/subscriptions/…/resourceGroups/…/providers/…/…/…`.
    Malformed(String),
    /// A well-formed id of another resource type (`Microsoft.Compute/virtualMachines`).
    WrongType {
        /// The provider and type found, as typed, quoted for a message (bounded, in backticks).
        found: String,
    },
    /// The subscription part is not a GUID.
    Subscription(String),
    /// The resource group name breaks Azure's rule.
    ResourceGroup(String),
    /// The resource's own name breaks its rule.
    Name(String),
}

/// A resource id that parsed, with what had to be normalised on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    /// The id.
    pub id: T,
    /// What was changed to reach the canonical form (empty when the input was canonical).
    pub changes: Vec<&'static str>,
}

/// Parses the id of an AKS (`managedClusters`) or Arc (`connectedClusters`) cluster.
/// A portal address that contains the id (`https://portal.azure.com/#@…/resource/subscriptions/…/overview`)
/// is accepted too.
pub fn parse_cluster_id(text: &str) -> Result<Parsed<ClusterId>, IdError> {
    let raw = split(text)?;
    let kind = if raw
        .provider
        .eq_ignore_ascii_case("Microsoft.ContainerService")
        && raw.kind.eq_ignore_ascii_case("managedClusters")
    {
        ClusterKind::Aks
    } else if raw.provider.eq_ignore_ascii_case("Microsoft.Kubernetes")
        && raw.kind.eq_ignore_ascii_case("connectedClusters")
    {
        ClusterKind::Arc
    } else {
        return Err(IdError::WrongType {
            found: excerpt(&format!("{}/{}", raw.provider, raw.kind)).to_string(),
        });
    };
    check_subscription(raw.subscription)?;
    check_resource_group(raw.resource_group).map_err(IdError::ResourceGroup)?;
    match kind {
        ClusterKind::Aks => check_aks_cluster_name(raw.name).map_err(IdError::Name)?,
        ClusterKind::Arc => {
            check_generic_name(raw.name, "Arc cluster", 63).map_err(IdError::Name)?
        }
    }
    let id = ClusterId {
        subscription: raw.subscription.to_owned(),
        resource_group: raw.resource_group.to_owned(),
        name: raw.name.to_owned(),
        kind,
    };
    let (provider, kind_text) = kind.provider_and_type();
    let changes = raw.changes(provider, kind_text);
    Ok(Parsed { id, changes })
}

/// Parses the id of a user-assigned managed identity.
pub fn parse_identity_id(text: &str) -> Result<Parsed<IdentityId>, IdError> {
    let raw = split(text)?;
    if !(raw
        .provider
        .eq_ignore_ascii_case("Microsoft.ManagedIdentity")
        && raw.kind.eq_ignore_ascii_case("userAssignedIdentities"))
    {
        return Err(IdError::WrongType {
            found: excerpt(&format!("{}/{}", raw.provider, raw.kind)).to_string(),
        });
    }
    check_subscription(raw.subscription)?;
    check_resource_group(raw.resource_group).map_err(IdError::ResourceGroup)?;
    check_identity_name(raw.name).map_err(IdError::Name)?;
    let changes = raw.changes("Microsoft.ManagedIdentity", "userAssignedIdentities");
    Ok(Parsed {
        id: IdentityId {
            subscription: raw.subscription.to_owned(),
            resource_group: raw.resource_group.to_owned(),
            name: raw.name.to_owned(),
        },
        changes,
    })
}

/// True for `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hexadecimal.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Azure's resource-group rule: 1–90 characters, letters, digits, `_`, `-`, `.`, `(`, `)`; not
/// ending in `.`.
pub fn check_resource_group(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 {
        return Err("the resource group name is empty".to_owned());
    }
    if len > 90 {
        return Err(format!(
            "the resource group name has {len} characters; at most 90 are allowed"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')')))
    {
        return Err(format!(
            "the resource group name may hold only letters, digits, '_', '-', '.', '(' and ')', not {c:?}"
        ));
    }
    if name.ends_with('.') {
        return Err("the resource group name may not end with '.'".to_owned());
    }
    Ok(())
}

/// AKS's cluster-name rule: 1–63 characters of letters, digits, `-` and `_`, starting and
/// ending with a letter or digit.
pub fn check_aks_cluster_name(name: &str) -> Result<(), String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() || chars.len() > 63 {
        return Err(format!(
            "an AKS cluster name has 1 to 63 characters; {} has {}",
            excerpt(name),
            chars.len()
        ));
    }
    if let Some(c) = chars
        .iter()
        .find(|c| !(c.is_ascii_alphanumeric() || **c == '-' || **c == '_'))
    {
        return Err(format!(
            "an AKS cluster name holds only letters, digits, '-' and '_', not {c:?}"
        ));
    }
    let ends_ok = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
    if !ends_ok(chars.first()) || !ends_ok(chars.last()) {
        return Err("an AKS cluster name starts and ends with a letter or digit".to_owned());
    }
    Ok(())
}

/// The user-assigned identity name rule: 3–128 characters of letters, digits, `-` and `_`,
/// starting with a letter or digit.
pub fn check_identity_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if !(3..=128).contains(&len) {
        return Err(format!(
            "an identity name has 3 to 128 characters; {} has {len}",
            excerpt(name)
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || !name.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err(
            "an identity name holds letters, digits, '-' and '_' and starts with a letter or digit"
                .to_owned(),
        );
    }
    Ok(())
}

/// Characters no ARM resource name may hold, and a length limit.
fn check_generic_name(name: &str, what: &str, max: usize) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 || len > max {
        return Err(format!(
            "an {what} name has 1 to {max} characters; {} has {len}",
            excerpt(name)
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "<>%&:\\?/*#".contains(*c))
    {
        return Err(format!("an {what} name may not hold {c:?}"));
    }
    Ok(())
}

fn check_subscription(subscription: &str) -> Result<(), IdError> {
    if is_guid(subscription) {
        Ok(())
    } else {
        Err(IdError::Subscription(format!(
            "the subscription part {} is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)",
            excerpt(subscription)
        )))
    }
}

/// The parts of `/subscriptions/{s}/resourceGroups/{rg}/providers/{provider}/{type}/{name}`.
struct RawId<'a> {
    subscription: &'a str,
    resource_group: &'a str,
    provider: &'a str,
    kind: &'a str,
    name: &'a str,
    keywords: [&'a str; 3],
    leading_slash: bool,
    from_url: bool,
}

impl RawId<'_> {
    fn changes(&self, provider: &str, kind: &str) -> Vec<&'static str> {
        let mut changes = Vec::new();
        if self.from_url {
            changes.push("taken out of a portal address");
        } else if !self.leading_slash {
            changes.push("a leading '/' added");
        }
        if self.keywords != ["subscriptions", "resourceGroups", "providers"]
            || self.provider != provider
            || self.kind != kind
        {
            changes.push("keywords and provider written in canonical casing");
        }
        changes
    }
}

fn split(text: &str) -> Result<RawId<'_>, IdError> {
    if text.trim().is_empty() {
        return Err(IdError::Malformed("the resource id is empty".to_owned()));
    }
    if text.trim() != text {
        return Err(IdError::Malformed(
            "the resource id has spaces or line breaks around it; remove them".to_owned(),
        ));
    }
    let (path, from_url) = match strip_portal_url(text) {
        Some(path) => (path, true),
        None => (text, false),
    };
    if path.chars().any(char::is_whitespace) {
        return Err(IdError::Malformed(
            "the resource id holds a space; copy it again from `az aks show --query id` or the portal's JSON view".to_owned(),
        ));
    }
    if path.contains('?') || path.contains('#') {
        return Err(IdError::Malformed(
            "the resource id holds '?' or '#': give the id alone, without a query or fragment"
                .to_owned(),
        ));
    }
    let leading_slash = path.starts_with('/');
    let body = path.strip_prefix('/').unwrap_or(path);
    if !from_url && body.ends_with('/') {
        return Err(IdError::Malformed(
            "the resource id ends with '/'; remove it".to_owned(),
        ));
    }
    let parts: Vec<&str> = body.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) && !from_url {
        return Err(IdError::Malformed(
            "the resource id has an empty part ('//')".to_owned(),
        ));
    }
    let expect = |index: usize, keyword: &str| {
        parts
            .get(index)
            .is_some_and(|p| p.eq_ignore_ascii_case(keyword))
    };
    if !(expect(0, "subscriptions") && expect(2, "resourceGroups") && expect(4, "providers")) {
        return Err(IdError::Malformed(
            "a resource id reads /subscriptions/{subscription}/resourceGroups/{group}/providers/{provider}/{type}/{name}".to_owned(),
        ));
    }
    let parts: &[&str] = if from_url {
        // The portal appends blade names (`/overview`); keep the resource's own eight parts.
        &parts[..parts.len().min(8)]
    } else {
        &parts
    };
    match parts.len() {
        8 => {}
        n if n < 8 => {
            return Err(IdError::Malformed(
                "the resource id stops before the resource type and name: it needs …/providers/{provider}/{type}/{name}".to_owned(),
            ))
        }
        _ => {
            return Err(IdError::Malformed(format!(
                "the resource id goes on after the resource name with {}: give the cluster's own id, not a child resource's",
                excerpt(&format!("/{}", parts[8..].join("/")))
            )))
        }
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(IdError::Malformed(
            "the resource id has an empty part ('//')".to_owned(),
        ));
    }
    Ok(RawId {
        subscription: parts[1],
        resource_group: parts[3],
        provider: parts[5],
        kind: parts[6],
        name: parts[7],
        keywords: [parts[0], parts[2], parts[4]],
        leading_slash,
        from_url,
    })
}

/// `https://portal.azure.com/#@tenant/resource/subscriptions/…` → `/subscriptions/…`.
fn strip_portal_url(text: &str) -> Option<&str> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let at = lower.find("/subscriptions/")?;
    Some(&text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_id_is_read_in_any_casing_and_written_canonically() {
        let written = "subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-ml/providers/microsoft.machinelearningservices/Workspaces/ws-ml";
        let id = WorkspaceId::parse(written).unwrap();
        assert_eq!(
            (
                id.subscription.as_str(),
                id.resource_group.as_str(),
                id.name.as_str()
            ),
            ("00000000-0000-0000-0000-000000000000", "rg-ml", "ws-ml")
        );
        let canonical = id.to_string();
        assert_eq!(canonical, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml");
        assert_eq!(WorkspaceId::parse(&canonical), Some(id));
        for not_one in [
            "",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
        ] {
            assert_eq!(WorkspaceId::parse(not_one), None, "{not_one}");
        }
    }

    const SUB: &str = "00000000-0000-0000-0000-000000000000";

    #[test]
    fn aks_and_arc_ids_parse_case_insensitively() {
        let parsed = parse_cluster_id(&format!(
            "/subscriptions/{SUB}/resourcegroups/rg-ml/providers/Microsoft.ContainerService/managedclusters/aks-prod"
        ))
        .unwrap();
        assert_eq!(parsed.id.kind, ClusterKind::Aks);
        assert_eq!(parsed.id.name, "aks-prod");
        assert_eq!(
            parsed.id.to_string(),
            format!("/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod")
        );
        assert_eq!(
            parsed.changes,
            vec!["keywords and provider written in canonical casing"]
        );

        let parsed = parse_cluster_id(&format!(
            "subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc-1"
        ))
        .unwrap();
        assert_eq!(parsed.id.kind, ClusterKind::Arc);
        assert_eq!(parsed.changes, vec!["a leading '/' added"]);
    }

    #[test]
    fn portal_addresses_give_their_id() {
        let parsed = parse_cluster_id(&format!(
            "https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/overview"
        ))
        .unwrap();
        assert_eq!(parsed.id.name, "aks");
        assert_eq!(parsed.changes, vec!["taken out of a portal address"]);
    }

    #[test]
    fn malformed_ids_say_what_is_wrong() {
        let base = format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks");
        for (text, expected) in [
            (format!("{base}/"), "ends with '/'"),
            (
                format!("{base}/agentPools/np1"),
                "goes on after the resource name with `/agentPools/np1`",
            ),
            (format!(" {base}"), "spaces or line breaks around it"),
            (
                format!("/subscriptions/{SUB}/resourceGroups/rg"),
                "a resource id reads",
            ),
            (
                format!(
                    "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService"
                ),
                "stops before",
            ),
            ("aks-prod".to_owned(), "a resource id reads"),
            (String::new(), "empty"),
            (base.replace("/rg/", "//"), "empty part"),
        ] {
            match parse_cluster_id(&text) {
                Err(IdError::Malformed(message)) => {
                    assert!(message.contains(expected), "{text}: {message}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_resource_types_are_named() {
        let error = parse_cluster_id(&format!(
            "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
        ))
        .unwrap_err();
        assert_eq!(
            error,
            IdError::WrongType {
                found: "`Microsoft.Compute/virtualMachines`".into()
            }
        );
    }

    #[test]
    fn parts_follow_their_naming_rules() {
        let id = |sub: &str, rg: &str, name: &str| {
            parse_cluster_id(&format!(
                "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}"
            ))
        };
        assert!(matches!(
            id("my-sub", "rg", "aks"),
            Err(IdError::Subscription(_))
        ));
        assert!(matches!(
            id(SUB, "rg.", "aks"),
            Err(IdError::ResourceGroup(_))
        ));
        assert!(matches!(
            id(SUB, &"r".repeat(91), "aks"),
            Err(IdError::ResourceGroup(_))
        ));
        assert!(id(SUB, &"r".repeat(90), "aks").is_ok());
        assert!(id(SUB, "rg_(prod).eu", "aks").is_ok());
        assert!(matches!(id(SUB, "rg", "-aks"), Err(IdError::Name(_))));
        assert!(matches!(
            id(SUB, "rg", &"a".repeat(64)),
            Err(IdError::Name(_))
        ));
        assert!(id(SUB, "rg", &"a".repeat(63)).is_ok());
        assert!(id(SUB, "rg", "a").is_ok());
        assert!(id(SUB, "rg", "aks_prod-1").is_ok());
    }

    #[test]
    fn identity_ids() {
        let parsed = parse_identity_id(&format!(
            "subscriptions/{SUB}/resourcegroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml"
        ))
        .unwrap();
        assert_eq!(
            parsed.id.to_string(),
            format!("/subscriptions/{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml")
        );
        assert_eq!(parsed.changes.len(), 2);
        assert!(matches!(
            parse_identity_id(&format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks")),
            Err(IdError::WrongType { .. })
        ));
    }

    #[test]
    fn guids() {
        assert!(is_guid(SUB));
        assert!(is_guid("a1B2c3D4-0000-1111-2222-333344445555"));
        assert!(!is_guid("a1B2c3D4-0000-1111-2222-33334444555"));
        assert!(!is_guid("g1b2c3d4-0000-1111-2222-333344445555"));
        assert!(!is_guid(""));
    }
}
