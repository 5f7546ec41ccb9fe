//! The one table of secret names, and how a key is compared with it: without case and without
//! the separators between its parts, whole or as its last parts.

/// Key names whose value is a secret. Names are compared without case and without the `_`, `-`
/// and `.` that separate their parts, so `client_secret`, `clientSecret`, `CLIENT-SECRET` and
/// `AZURE_CLIENT_SECRET` (a suffix at a part boundary) are one entry.
const SECRET_NAMES: &[SecretName] = &[
    // Storage and other Azure keys: connection strings (`AccountKey=`, Service Bus's
    // `SharedAccessKey=`), `AZURE_STORAGE_KEY`, Cosmos DB's `primaryMasterKey`, API Management's
    // `Ocp-Apim-Subscription-Key` header, Azure OpenAI's `api-key`.
    secret("accountkey", Match::Suffix),
    secret("storagekey", Match::Suffix),
    secret("accesskey", Match::Suffix),
    secret("sharedaccesskey", Match::Suffix),
    secret("sharedaccesssignature", Match::Suffix),
    secret("primarykey", Match::Suffix),
    secret("secondarykey", Match::Suffix),
    secret("masterkey", Match::Suffix),
    secret("apikey", Match::Suffix),
    secret("subscriptionkey", Match::Suffix),
    // SAS tokens: the signature (`sig=`) and whole tokens by name.
    secret("sig", Match::Exact),
    secret("sastoken", Match::Suffix),
    // Passwords: `--password`, `adminPassword`, ODBC's `Pwd=`, `az login -p` (a login's `-p`
    // only: `mkdir -p` is not a password).
    secret("password", Match::Suffix),
    secret("passwd", Match::Suffix),
    secret("passphrase", Match::Suffix),
    secret("pwd", Match::Exact),
    secret("p", Match::LoginFlag),
    // Entra ID: client secrets, Microsoft Graph's `secretText`, MSAL's cache `secret`, assertions.
    secret("secret", Match::PartSuffix),
    secret("clientsecret", Match::Suffix),
    secret("secrettext", Match::Suffix),
    secret("clientassertion", Match::Suffix),
    // Tokens: OAuth fields and form bodies, `"token":`, `GITHUB_TOKEN`, an authorization `code`
    // in a redirect address.
    secret("token", Match::PartSuffix),
    secret("accesstoken", Match::Suffix),
    secret("refreshtoken", Match::Suffix),
    secret("idtoken", Match::Suffix),
    secret("code", Match::QueryParameter),
    // Private keys by name: `privateKey`, a TLS secret's `tls.key`, the `key.pem` of `sslSecret`.
    secret("privatekey", Match::Suffix),
    secret("tlskey", Match::Exact),
    secret("keypem", Match::Exact),
    // Headers: the scheme and its credentials.
    SecretName {
        name: "authorization",
        matching: Match::Suffix,
        value: ValueShape::Credentials,
    },
];

/// Authorization schemes whose credentials follow them after a blank.
pub(super) const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "digest",
    "negotiate",
    "ntlm",
    "pop",
    "sharedkey",
    "sharedkeylite",
    "sharedaccesssignature",
    "hmac-sha256",
];

/// The names `az acr credential show` gives its passwords and `az storage account keys list` its
/// keys: a `value` next to one of these (or to a `keyName`, or inside a secret's object, as in
/// an ARM parameter file) is the secret.
pub(super) const CREDENTIAL_NAMES: &[&str] = &["password", "password2", "key1", "key2"];

/// The longest key name read.
pub(super) const MAX_NAME: usize = 64;

struct SecretName {
    /// Lowercase, without separators.
    name: &'static str,
    matching: Match,
    value: ValueShape,
}

const fn secret(name: &'static str, matching: Match) -> SecretName {
    SecretName {
        name,
        matching,
        value: ValueShape::Token,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The whole key.
    Exact,
    /// The whole key, or its last parts (after a separator or a change of case: `AccountKey`
    /// in `storageAccountKey`).
    Suffix,
    /// The whole key, or its last parts after a separator only: `GITHUB_TOKEN` but not
    /// `InvalidAuthenticationToken`.
    PartSuffix,
    /// A query or form parameter: after `?`, `&` or `#`.
    QueryParameter,
    /// A one-dash flag on a line that runs a `login`.
    LoginFlag,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueShape {
    /// One value.
    Token,
    /// `Scheme credentials`, or one value of at least 8 characters.
    Credentials,
}

/// A key name lowercased without separators, and where its parts start.
pub(super) struct Canonical {
    name: [u8; MAX_NAME],
    len: usize,
    /// Bit `i`: a part starts at `name[i]` after a separator.
    after_separator: u64,
    /// Bit `i`: a part starts at `name[i]` after a separator or a change of case.
    part_start: u64,
}

impl Canonical {
    pub fn new(key: &[u8]) -> Canonical {
        let mut c = Canonical {
            name: [0; MAX_NAME],
            len: 0,
            after_separator: 0,
            part_start: 0,
        };
        let mut separated = false;
        for (i, &byte) in key.iter().enumerate().take(MAX_NAME) {
            if matches!(byte, b'_' | b'-' | b'.') {
                separated = true;
                continue;
            }
            let previous = i.checked_sub(1).and_then(|p| key.get(p)).copied();
            let next = key.get(i + 1).copied();
            let hump = byte.is_ascii_uppercase()
                && (previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                    || (previous.is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(|n| n.is_ascii_lowercase())));
            if c.len < 64 {
                if separated && c.len > 0 {
                    c.after_separator |= 1 << c.len;
                }
                if (separated || hump) && c.len > 0 {
                    c.part_start |= 1 << c.len;
                }
                c.name[c.len] = byte.to_ascii_lowercase();
                c.len += 1;
            }
            separated = false;
        }
        c
    }

    pub fn is(&self, name: &[u8]) -> bool {
        &self.name[..self.len] == name
    }

    /// The shape of the value when this key, written after `dashes` dashes with the byte
    /// `before` before them, on a line that runs a `login` or not, names a secret.
    pub fn secret(&self, dashes: usize, before: Option<u8>, login: bool) -> Option<ValueShape> {
        SECRET_NAMES
            .iter()
            .find(|s| self.names(s, dashes, before, login))
            .map(|s| s.value)
    }

    /// Whether this key, written with `dashes` before it and `before` the byte before those,
    /// is the secret name `s`.
    fn names(&self, s: &SecretName, dashes: usize, before: Option<u8>, login: bool) -> bool {
        let name = s.name.as_bytes();
        let own = &self.name[..self.len];
        let suffix_at = |bits: u64| {
            own.ends_with(name)
                && (own.len() == name.len() || bits & (1 << (own.len() - name.len())) != 0)
        };
        match s.matching {
            Match::Exact => own == name,
            Match::Suffix => suffix_at(self.part_start),
            Match::PartSuffix => suffix_at(self.after_separator),
            Match::QueryParameter => {
                own == name && dashes == 0 && matches!(before, Some(b'?' | b'&' | b'#'))
            }
            Match::LoginFlag => own == name && dashes == 1 && login,
        }
    }
}
