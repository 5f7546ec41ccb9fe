//! Request builders: one function per ARM call the tool makes, each giving the method, the
//! absolute URL with its api-version, and the JSON body.

use serde_json::{json, Value};

use super::{
    segment, Cloud, Method, Request, AKS_API, ARC_API, AUTHORIZATION_API, EXTENSIONS_API,
    GRAPH_API, ML_API, SKUS_API, SUBSCRIPTIONS_API,
};
use crate::resource_id::{ClusterId, ClusterKind, WorkspaceId};

/// `…/workspaces/{name}` with each segment encoded, the base of every workspace request.
fn workspace_path(ws: &WorkspaceId) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}",
        segment(&ws.subscription),
        segment(&ws.resource_group),
        segment(&ws.name)
    )
}

fn cluster_path(id: &ClusterId) -> String {
    let (provider, kind) = id.kind.provider_and_type();
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/{provider}/{kind}/{}",
        segment(&id.subscription),
        segment(&id.resource_group),
        segment(&id.name)
    )
}

fn cluster_api(kind: ClusterKind) -> &'static str {
    match kind {
        ClusterKind::Aks => AKS_API,
        ClusterKind::Arc => ARC_API,
    }
}

/// The subscriptions the caller can see.
pub fn list_subscriptions(cloud: &Cloud) -> Request {
    Request::new(Method::Get, cloud.url("/subscriptions", SUBSCRIPTIONS_API))
}

/// A Resource Graph query over `subscriptions` (all visible ones when empty), 1000 rows a page.
pub fn graph_query(
    cloud: &Cloud,
    query: &str,
    subscriptions: &[String],
    skip_token: Option<&str>,
) -> Request {
    let mut options = json!({ "resultFormat": "objectArray", "$top": 1000 });
    if let Some(token) = skip_token {
        options["$skipToken"] = json!(token);
    }
    let mut body = json!({ "query": query, "options": options });
    if !subscriptions.is_empty() {
        body["subscriptions"] = json!(subscriptions);
    }
    Request::new(
        Method::Post,
        cloud.url("/providers/Microsoft.ResourceGraph/resources", GRAPH_API),
    )
    .json(&body)
}

/// Every AKS and Arc cluster, with what the pre-flight needs; `id` is projected for stable paging.
pub const GRAPH_CLUSTERS: &str = "Resources | where type =~ 'microsoft.containerservice/managedclusters' or type =~ 'microsoft.kubernetes/connectedclusters' | project id, name, type, resourceGroup, subscriptionId, location, properties";
/// Every Azure ML workspace.
pub const GRAPH_WORKSPACES: &str = "Resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project id, name, type, resourceGroup, subscriptionId, location, identity, primaryUserAssignedIdentity = tostring(properties.primaryUserAssignedIdentity)";
/// Every Azure ML extension on a cluster.
pub const GRAPH_EXTENSIONS: &str = "KubernetesConfigurationResources | where type =~ 'microsoft.kubernetesconfiguration/extensions' | where tolower(tostring(properties.ExtensionType)) == 'microsoft.azureml.kubernetes' or tolower(tostring(properties.extensionType)) == 'microsoft.azureml.kubernetes' | project id, name, properties";

/// The AKS clusters of a subscription.
pub fn list_managed_clusters(cloud: &Cloud, subscription: &str) -> Request {
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.ContainerService/managedClusters",
        segment(subscription)
    );
    Request::new(Method::Get, cloud.url(&path, AKS_API))
}

/// The Arc clusters of a subscription.
pub fn list_connected_clusters(cloud: &Cloud, subscription: &str) -> Request {
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.Kubernetes/connectedClusters",
        segment(subscription)
    );
    Request::new(Method::Get, cloud.url(&path, ARC_API))
}

/// The workspaces of a subscription.
pub fn list_workspaces(cloud: &Cloud, subscription: &str) -> Request {
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.MachineLearningServices/workspaces",
        segment(subscription)
    );
    Request::new(Method::Get, cloud.url(&path, ML_API))
}

/// One cluster.
pub fn get_cluster(cloud: &Cloud, id: &ClusterId) -> Request {
    Request::new(
        Method::Get,
        cloud.url(&cluster_path(id), cluster_api(id.kind)),
    )
}

/// A cluster's extensions.
pub fn list_extensions(cloud: &Cloud, id: &ClusterId) -> Request {
    let path = format!(
        "{}/providers/Microsoft.KubernetesConfiguration/extensions",
        cluster_path(id)
    );
    Request::new(Method::Get, cloud.url(&path, EXTENSIONS_API))
}

/// One extension of a cluster (a 404 means the cluster has none of that name).
pub fn get_extension(cloud: &Cloud, id: &ClusterId, name: &str) -> Request {
    Request::new(
        Method::Get,
        cloud.url(&extension_path(id, name), EXTENSIONS_API),
    )
}

/// Installs an extension (`Extensions_Create`); ARM overwrites one of the same name: GET first.
pub fn put_extension(cloud: &Cloud, id: &ClusterId, name: &str, body: &Value) -> Request {
    Request::new(
        Method::Put,
        cloud.url(&extension_path(id, name), EXTENSIONS_API),
    )
    .json(body)
}

/// Changes an extension's settings (`Extensions_Update`).
pub fn patch_extension(cloud: &Cloud, id: &ClusterId, name: &str, body: &Value) -> Request {
    Request::new(
        Method::Patch,
        cloud.url(&extension_path(id, name), EXTENSIONS_API),
    )
    .json(body)
}

fn extension_path(id: &ClusterId, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.KubernetesConfiguration/extensions/{}",
        cluster_path(id),
        segment(name)
    )
}

/// The VM sizes of a region, for vCPU counts.
pub fn list_skus(cloud: &Cloud, subscription: &str, location: &str) -> Request {
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.Compute/skus?$filter={}",
        segment(subscription),
        segment(&format!("location eq '{location}'"))
    );
    Request::new(Method::Get, cloud.url(&path, SKUS_API))
}

/// The Kubernetes versions of a region.
pub fn list_kubernetes_versions(cloud: &Cloud, subscription: &str, location: &str) -> Request {
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.ContainerService/locations/{}/kubernetesVersions",
        segment(subscription),
        segment(location)
    );
    Request::new(Method::Get, cloud.url(&path, AKS_API))
}

/// One workspace.
pub fn get_workspace(cloud: &Cloud, ws: &WorkspaceId) -> Request {
    Request::new(Method::Get, cloud.url(&workspace_path(ws), ML_API))
}

/// A workspace's computes.
pub fn list_computes(cloud: &Cloud, ws: &WorkspaceId) -> Request {
    Request::new(
        Method::Get,
        cloud.url(&format!("{}/computes", workspace_path(ws)), ML_API),
    )
}

/// One compute (a 404 means the name is free).
pub fn get_compute(cloud: &Cloud, ws: &WorkspaceId, name: &str) -> Request {
    Request::new(
        Method::Get,
        cloud.url(
            &format!("{}/computes/{}", workspace_path(ws), segment(name)),
            ML_API,
        ),
    )
}

/// Creates or attaches a compute. ARM overwrites an existing one: GET it first.
pub fn put_compute(cloud: &Cloud, ws: &WorkspaceId, name: &str, body: &Value) -> Request {
    Request::new(
        Method::Put,
        cloud.url(
            &format!("{}/computes/{}", workspace_path(ws), segment(name)),
            ML_API,
        ),
    )
    .json(body)
}

/// Detaches a compute; the cluster stays (never `Delete` for an attached cluster).
pub fn detach_compute(cloud: &Cloud, ws: &WorkspaceId, name: &str) -> Request {
    let path = format!(
        "{}/computes/{}?underlyingResourceAction=Detach",
        workspace_path(ws),
        segment(name)
    );
    Request::new(Method::Delete, cloud.url(&path, ML_API))
}

/// An AKS cluster's managed namespace (`Microsoft.ContainerService/managedClusters/managedNamespaces`;
/// a 404 means ARM does not manage one of that name).
pub fn get_managed_namespace(cloud: &Cloud, cluster: &ClusterId, namespace: &str) -> Request {
    Request::new(
        Method::Get,
        cloud.url(&managed_namespace_path(cluster, namespace), AKS_API),
    )
}

/// Creates a managed namespace with [`managed_namespace_body`].
pub fn put_managed_namespace(
    cloud: &Cloud,
    cluster: &ClusterId,
    namespace: &str,
    location: Option<&str>,
) -> Request {
    Request::new(
        Method::Put,
        cloud.url(&managed_namespace_path(cluster, namespace), AKS_API),
    )
    .json(&managed_namespace_body(location))
}

/// The path of a managed namespace under its cluster.
pub fn managed_namespace_path(cluster: &ClusterId, namespace: &str) -> String {
    format!(
        "{}/managedNamespaces/{}",
        cluster_path(cluster),
        segment(namespace)
    )
}

/// The managed namespace amlattach creates for a compute, the same from the page and in the REST
/// scripts: no resource quota (a quota makes Kubernetes refuse every pod without CPU and memory
/// limits), ingress and egress open (the Azure ML extension's router and agents reach the
/// compute's pods from the `azureml` namespace, which AKS's default `AllowSameNamespace` ingress
/// would block), an existing identical namespace taken over rather than refused
/// (`IfIdentical`), and the Kubernetes namespace kept when the ARM resource is deleted (`Keep`).
/// `location` is the cluster's region when known (the field is optional).
pub fn managed_namespace_body(location: Option<&str>) -> Value {
    let mut body = json!({
        "properties": {
            "adoptionPolicy": "IfIdentical",
            "deletePolicy": "Keep",
            "defaultNetworkPolicy": { "ingress": "AllowAll", "egress": "AllowAll" }
        }
    });
    if let (Some(location), Some(map)) = (location.filter(|l| !l.is_empty()), body.as_object_mut())
    {
        map.insert("location".to_owned(), json!(location));
    }
    body
}

/// The role assignments of `principal_id` at `scope` and above.
pub fn role_assignments(cloud: &Cloud, scope: &str, principal_id: &str) -> Request {
    let path = format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments?$filter={}",
        segment(&format!("assignedTo('{principal_id}')"))
    );
    Request::new(Method::Get, cloud.url(&path, AUTHORIZATION_API))
}
