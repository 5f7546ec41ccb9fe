//! vCPUs of the common VM sizes (azure-facts §7), for counting a cluster's capacity offline.
//! Sizes not in the table are unknown: the caller says so rather than guess.

/// `(size, vCPUs)`, sizes in canonical casing; looked up case-insensitively.
const SIZES: &[(&str, u32)] = &[
    ("Standard_D1_v2", 1),
    ("Standard_DS1_v2", 1),
    ("Standard_D2_v2", 2),
    ("Standard_DS2_v2", 2),
    ("Standard_D3_v2", 4),
    ("Standard_DS3_v2", 4),
    ("Standard_D4_v2", 8),
    ("Standard_DS4_v2", 8),
    ("Standard_D5_v2", 16),
    ("Standard_DS5_v2", 16),
    ("Standard_D11_v2", 2),
    ("Standard_D12_v2", 4),
    ("Standard_D13_v2", 8),
    ("Standard_D14_v2", 16),
    ("Standard_D15_v2", 20),
    ("Standard_D2_v3", 2),
    ("Standard_D4_v3", 4),
    ("Standard_D8_v3", 8),
    ("Standard_D16_v3", 16),
    ("Standard_D2s_v3", 2),
    ("Standard_D4s_v3", 4),
    ("Standard_D8s_v3", 8),
    ("Standard_D16s_v3", 16),
    ("Standard_D32s_v3", 32),
    ("Standard_D2s_v4", 2),
    ("Standard_D4s_v4", 4),
    ("Standard_D8s_v4", 8),
    ("Standard_D2s_v5", 2),
    ("Standard_D4s_v5", 4),
    ("Standard_D8s_v5", 8),
    ("Standard_D16s_v5", 16),
    ("Standard_D2ds_v5", 2),
    ("Standard_D4ds_v5", 4),
    ("Standard_D2as_v5", 2),
    ("Standard_D4as_v5", 4),
    ("Standard_E2s_v3", 2),
    ("Standard_E4s_v3", 4),
    ("Standard_E8s_v3", 8),
    ("Standard_F2s_v2", 2),
    ("Standard_F4s_v2", 4),
    ("Standard_F8s_v2", 8),
    ("Standard_F16s_v2", 16),
    ("Standard_A2_v2", 2),
    ("Standard_A4_v2", 4),
    ("Standard_B2s", 2),
    ("Standard_B2ms", 2),
    ("Standard_B4ms", 4),
    ("Standard_B8ms", 8),
    ("Standard_B12ms", 12),
    ("Standard_B16ms", 16),
    ("Standard_NC4as_T4_v3", 4),
    ("Standard_NC8as_T4_v3", 8),
    ("Standard_NC16as_T4_v3", 16),
    ("Standard_NC64as_T4_v3", 64),
    ("Standard_NC6s_v3", 6),
    ("Standard_NC12s_v3", 12),
    ("Standard_NC24s_v3", 24),
    ("Standard_NC6", 6),
];

/// The default node size of a v1 create (`AksCompute.provisioning_configuration`).
pub const V1_DEFAULT_VM_SIZE: &str = "Standard_D3_v2";
/// The default node count of a v1 create.
pub const V1_DEFAULT_AGENT_COUNT: u32 = 3;

/// The vCPUs of `size`, matched case-insensitively; `None` when the table does not know it.
pub fn vcpus(size: &str) -> Option<u32> {
    SIZES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(size))
        .map(|&(_, vcpus)| vcpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_never_guess() {
        assert_eq!(vcpus("Standard_D3_v2"), Some(4));
        assert_eq!(vcpus("standard_ds2_v2"), Some(2));
        assert_eq!(vcpus(V1_DEFAULT_VM_SIZE), Some(4));
        assert_eq!(vcpus("Standard_D64s_v5"), None);
        assert_eq!(vcpus(""), None);
    }

    #[test]
    fn the_table_has_no_duplicates() {
        for (i, (a, _)) in SIZES.iter().enumerate() {
            assert!(
                SIZES[i + 1..]
                    .iter()
                    .all(|(b, _)| !a.eq_ignore_ascii_case(b)),
                "{a}"
            );
        }
    }
}
