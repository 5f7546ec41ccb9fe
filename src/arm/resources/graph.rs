//! Resource Graph pages, and the clusters, workspaces and extensions read from their rows.

use super::clusters::{cluster_info, extension};
use super::workspaces::workspace_info;
use super::*;

/// One page of a Resource Graph query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphPage {
    /// The rows (objectArray format).
    pub rows: Vec<Value>,
    /// Rows matching in all.
    pub total_records: u64,
    /// Send the same query again with this token for the next page.
    pub skip_token: Option<String>,
}

/// A Resource Graph answer. `resultTruncated` is a string in this API.
pub fn parse_graph(response: &Response) -> Result<GraphPage, ArmError> {
    let mut body = json(response, "Resource Graph answer")?;
    let data = body.get_mut("data").map(Value::take);
    let rows = match data {
        Some(Value::Array(rows)) => rows,
        // The table format: {columns: [{name}], rows: [[…]]}.
        Some(Value::Object(table)) => {
            let (Some(columns), Some(rows)) = (
                table.get("columns").and_then(Value::as_array),
                table.get("rows").and_then(Value::as_array),
            ) else {
                return Err(ArmError::unexpected(
                    "Resource Graph answer",
                    "its table has no `columns` or no `rows`",
                ));
            };
            let columns: Vec<String> = columns.iter().filter_map(|c| text(c, "name")).collect();
            rows.iter()
                .filter_map(Value::as_array)
                .map(|row| {
                    Value::Object(columns.iter().cloned().zip(row.iter().cloned()).collect())
                })
                .collect()
        }
        Some(_) => {
            return Err(ArmError::unexpected(
                "Resource Graph answer",
                "its `data` is neither a list of rows nor a table",
            ))
        }
        None => {
            return Err(ArmError::unexpected(
                "Resource Graph answer",
                "it has no `data`",
            ))
        }
    };
    Ok(GraphPage {
        rows,
        total_records: body
            .get("totalRecords")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        skip_token: text(&body, "$skipToken").filter(|t| !t.is_empty()),
    })
}

/// The `$skipToken` of a Resource Graph answer, read without building its rows (the queue asks
/// for the next page before the rows are read, once, by the workflow).
pub fn graph_skip_token(response: &Response) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Paging {
        #[serde(rename = "$skipToken")]
        skip_token: Option<String>,
    }
    if !response.is_success() {
        return None;
    }
    serde_json::from_str::<Paging>(&response.body)
        .ok()?
        .skip_token
        .filter(|t| !t.is_empty())
}

/// Clusters from Resource Graph rows (`GRAPH_CLUSTERS`).
pub fn clusters_from_graph(rows: &[Value]) -> Vec<ClusterInfo> {
    rows.iter().map(cluster_info).collect()
}

/// Workspaces from Resource Graph rows (`GRAPH_WORKSPACES`).
pub fn workspaces_from_graph(rows: &[Value]) -> Vec<WorkspaceInfo> {
    rows.iter().map(workspace_info).collect()
}

/// The ids of clusters that have an Azure ML extension, from `GRAPH_EXTENSIONS` rows: the
/// extension id up to `/providers/Microsoft.KubernetesConfiguration/`.
pub fn clusters_with_aml_extension(rows: &[Value]) -> Vec<(String, Extension)> {
    rows.iter()
        .filter_map(|row| {
            let id = row.get("id")?.as_str()?;
            let at = id
                .to_ascii_lowercase()
                .find("/providers/microsoft.kubernetesconfiguration/")?;
            Some((id[..at].to_owned(), extension(row)))
        })
        .collect()
}
