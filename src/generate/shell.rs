//! Shell words and scripts for bash and PowerShell: quoting that keeps any value one argument,
//! exactly as typed, and commands laid out one option per line.

use super::Output;

/// The shell generated commands are for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Shell {
    /// bash (Linux, macOS, WSL, Cloud Shell).
    #[default]
    Bash,
    /// PowerShell 7.3 or later.
    Pwsh,
}

impl Shell {
    /// The shell named `bash`, `pwsh` or `powershell`.
    pub fn from_id(id: &str) -> Option<Shell> {
        match id {
            "bash" | "sh" => Some(Shell::Bash),
            "pwsh" | "powershell" => Some(Shell::Pwsh),
            _ => None,
        }
    }

    /// Its id.
    pub fn id(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Pwsh => "pwsh",
        }
    }

    /// The highlighting language of its scripts.
    pub fn language(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Pwsh => "powershell",
        }
    }

    /// The file extension of its scripts.
    pub fn extension(self) -> &'static str {
        match self {
            Shell::Bash => "sh",
            Shell::Pwsh => "ps1",
        }
    }
}

/// One shell word holding exactly `value`.
///
/// bash: bare when only `[A-Za-z0-9_./:@%+=,-]` (not starting with `-` or `=`), else in single
/// quotes with `'` written `'\''`. PowerShell: bare when only `[A-Za-z0-9_./:-]` (not starting
/// with `-` or `:`), else in single quotes with each single-quote character doubled, including
/// the typographic ones (‘ ’ ‚ ‛) that PowerShell also takes for quotes ([`pwsh_literal`]). A
/// leading `:` is quoted because a lone `:` after a `--flag` reads as the flag's `-name:`
/// separator to tree-sitter's PowerShell grammar (tests/powershell/); quoted, no reader can
/// take it for anything but the value.
pub fn quote(shell: Shell, value: &str) -> String {
    match shell {
        Shell::Bash => {
            if value.contains(|c: char| c.is_ascii_control()) {
                return ansi_c_quote(value);
            }
            let bare = !value.is_empty()
                && !value.starts_with(['-', '='])
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_./:@%+=,-".contains(&b));
            if bare {
                value.to_owned()
            } else {
                format!("'{}'", value.replace('\'', r"'\''"))
            }
        }
        Shell::Pwsh => {
            let bare = !value.is_empty()
                && !value.starts_with(['-', ':'])
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_./:-".contains(&b));
            if bare {
                value.to_owned()
            } else {
                pwsh_literal(value)
            }
        }
    }
}

/// A PowerShell single-quoted string holding exactly `value`, each single-quote character
/// doubled. Where PowerShell reads an expression (`"…" + 'azureml-ws' + "…"`) a bare word is no
/// string, so there a value is always this, never [`quote`]'s bare word.
pub fn pwsh_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        out.push(c);
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// bash's `$'…'`, for values with line breaks or other control characters: the word stays on one
/// line, so no part of it starts a line that an interactive bash would history-expand (pasted,
/// `'a<newline>^b^c'` becomes `a<newline>!!:s^b^c`: a line starting with `^` is a quick
/// substitution even inside single quotes).
fn ansi_c_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 3);
    out.push_str("$'");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            // Not `\'`: interactive bash's history expansion takes that quote for the end of
            // the string and would expand a `!` after it.
            '\'' => out.push_str("\\x27"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// An option's value: text, quoted as needed, or a variable the script set earlier.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    /// Written `"$name"` in bash and `$name` in PowerShell: one word either way.
    Var(&'static str),
    /// Text followed by an environment variable's value, one word: `'text'"$NAME"` in bash,
    /// `('text' + $env:NAME)` in PowerShell (`name` is an identifier the generator made).
    Env(String, String),
}

/// A command: program and subcommand words, then options one per line.
#[derive(Debug, Clone)]
pub struct Cmd {
    words: Vec<String>,
    options: Vec<(String, Option<Value>)>,
}

impl Cmd {
    /// `program sub sub …`; the words are literal and need no quoting.
    pub fn new(words: &str) -> Cmd {
        Cmd {
            words: words.split(' ').map(str::to_owned).collect(),
            options: Vec::new(),
        }
    }

    /// A plain argument after the words (such as a URL or file), quoted as needed.
    pub fn arg(mut self, value: impl Into<String>) -> Cmd {
        self.options
            .push((String::new(), Some(Value::Text(value.into()))));
        self
    }

    /// `--flag value`.
    pub fn opt(mut self, flag: &str, value: impl Into<String>) -> Cmd {
        self.options
            .push((flag.to_owned(), Some(Value::Text(value.into()))));
        self
    }

    /// `--flag "$name"`: the value of a variable an earlier line of the script set (`name` is a
    /// plain identifier the generator chose, never input).
    pub fn opt_var(mut self, flag: &str, name: &'static str) -> Cmd {
        self.options.push((flag.to_owned(), Some(Value::Var(name))));
        self
    }

    /// A plain argument: `prefix` followed by the value of the environment variable `name`
    /// (letters, digits and `_` only), so a secret reaches the command without being written
    /// into it.
    pub fn arg_env(mut self, prefix: &str, name: &str) -> Cmd {
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        self.options
            .push((String::new(), Some(Value::Env(prefix.to_owned(), name))));
        self
    }

    /// `--flag value` when there is a value.
    pub fn opt_if(self, flag: &str, value: Option<impl Into<String>>) -> Cmd {
        match value {
            Some(value) => self.opt(flag, value),
            None => self,
        }
    }

    /// `--flag` alone.
    pub fn flag(mut self, flag: &str) -> Cmd {
        self.options.push((flag.to_owned(), None));
        self
    }

    /// The command as text, options on continuation lines. A value that starts with `-` is
    /// written `--flag=value` so that no parser mistakes it for an option.
    pub fn render(&self, shell: Shell) -> String {
        let continuation = match shell {
            Shell::Bash => " \\\n  ",
            Shell::Pwsh => " `\n  ",
        };
        self.render_with(shell, continuation)
    }

    /// The command on one line, for short commands inside a larger line. Unlike joining the
    /// lines of [`Cmd::render`], this keeps a quoted value that holds a line break intact.
    pub fn render_line(&self, shell: Shell) -> String {
        self.render_with(shell, " ")
    }

    fn render_with(&self, shell: Shell, separator: &str) -> String {
        let mut out = self.words.join(" ");
        for (flag, value) in &self.options {
            out.push_str(separator);
            let value = match value {
                Some(Value::Var(name)) => {
                    if !flag.is_empty() {
                        out.push_str(flag);
                        out.push(' ');
                    }
                    match shell {
                        Shell::Bash => out.push_str(&format!("\"${name}\"")),
                        Shell::Pwsh => out.push_str(&format!("${name}")),
                    }
                    continue;
                }
                Some(Value::Env(prefix, name)) => {
                    match shell {
                        Shell::Bash => out.push_str(&format!(
                            "{}\"${{{name}}}\"",
                            if prefix.is_empty() {
                                String::new()
                            } else {
                                quote(Shell::Bash, prefix)
                            }
                        )),
                        Shell::Pwsh => {
                            out.push_str(&format!("({} + $env:{name})", pwsh_literal(prefix)))
                        }
                    }
                    continue;
                }
                Some(Value::Text(value)) => Some(value),
                None => None,
            };
            match (flag.is_empty(), value) {
                (true, Some(value)) => out.push_str(&quote(shell, value)),
                (false, Some(value)) if value.starts_with('-') => {
                    out.push_str(&quote(shell, &format!("{flag}={value}")));
                }
                (false, Some(value)) => {
                    out.push_str(flag);
                    out.push(' ');
                    out.push_str(&quote(shell, value));
                }
                (_, None) => out.push_str(flag),
            }
        }
        out
    }
}

/// A script being written.
pub struct Script {
    shell: Shell,
    text: String,
}

impl Script {
    /// A script that stops at the first failing command.
    pub fn new(shell: Shell) -> Script {
        let header = match shell {
            Shell::Bash => "#!/usr/bin/env bash\nset -euo pipefail\n",
            Shell::Pwsh => "# PowerShell 7.3 or later.\n$ErrorActionPreference = 'Stop'\n$PSNativeCommandUseErrorActionPreference = $true\n$PSNativeCommandArgumentPassing = 'Standard'\n",
        };
        Script {
            shell,
            text: header.to_owned(),
        }
    }

    /// The shell.
    pub fn shell(&self) -> Shell {
        self.shell
    }

    /// `# …` lines; line breaks in `text` start new comment lines, so nothing escapes the comment.
    pub fn comment(&mut self, text: &str) -> &mut Script {
        for line in text.lines() {
            let line: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            self.text.push_str("# ");
            self.text.push_str(line.trim_end());
            self.text.push('\n');
        }
        self
    }

    /// An empty line, then a comment heading.
    pub fn step(&mut self, heading: &str) -> &mut Script {
        self.text.push('\n');
        self.comment(heading)
    }

    /// A command.
    pub fn cmd(&mut self, cmd: &Cmd) -> &mut Script {
        self.text.push_str(&cmd.render(self.shell));
        self.text.push('\n');
        self
    }

    /// A line written by the caller for this shell.
    pub fn raw(&mut self, line: &str) -> &mut Script {
        self.text.push_str(line);
        self.text.push('\n');
        self
    }

    /// The finished script.
    pub fn finish(self, stem: &str) -> Output {
        Output {
            filename: format!("{stem}.{}", self.shell.extension()),
            language: self.shell.language(),
            text: self.text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_quoting() {
        assert_eq!(quote(Shell::Bash, "aks-prod"), "aks-prod");
        assert_eq!(
            quote(Shell::Bash, "/subscriptions/x/resourceGroups/rg"),
            "/subscriptions/x/resourceGroups/rg"
        );
        assert_eq!(quote(Shell::Bash, ""), "''");
        assert_eq!(quote(Shell::Bash, "it's $HOME `x`"), r"'it'\''s $HOME `x`'");
        assert_eq!(quote(Shell::Bash, "-x"), "'-x'");
        assert_eq!(quote(Shell::Bash, "a\nb"), "$'a\\nb'");
        assert_eq!(quote(Shell::Bash, "it's\t\\\u{1b}"), r"$'it\x27s\t\\\x1b'");
        assert_eq!(quote(Shell::Bash, "~/x"), "'~/x'");
        assert_eq!(quote(Shell::Bash, "caf\u{e9}"), "'caf\u{e9}'");
    }

    #[test]
    fn powershell_quoting_doubles_every_single_quote_character() {
        assert_eq!(quote(Shell::Pwsh, "aks-prod"), "aks-prod");
        assert_eq!(quote(Shell::Pwsh, "it's"), "'it''s'");
        assert_eq!(
            quote(Shell::Pwsh, "\u{2018}x\u{2019}"),
            "'\u{2018}\u{2018}x\u{2019}\u{2019}'"
        );
        assert_eq!(quote(Shell::Pwsh, "$env:X `n"), "'$env:X `n'");
        assert_eq!(quote(Shell::Pwsh, "a,b"), "'a,b'");
        assert_eq!(quote(Shell::Pwsh, "@x"), "'@x'");
        assert_eq!(quote(Shell::Pwsh, ""), "''");
        assert_eq!(quote(Shell::Pwsh, "a:b"), "a:b");
    }

    /// Issue 18 (PowerShell): tree-sitter's grammar read `--workspace-name :` as the flag and a
    /// `-name:` separator, dropping the value; a value starting with `:` is quoted now.
    #[test]
    fn powershell_quotes_a_value_starting_with_a_colon() {
        assert_eq!(quote(Shell::Pwsh, ":"), "':'");
        assert_eq!(quote(Shell::Pwsh, ":a"), "':a'");
    }

    /// Issue 18 (PowerShell): an expression takes a quoted string even for a plain word
    /// (`"…" + azureml-ws + "…"` is a parse error in PowerShell).
    #[test]
    fn powershell_literals_are_always_quoted() {
        assert_eq!(pwsh_literal("azureml-ws-ml"), "'azureml-ws-ml'");
        assert_eq!(pwsh_literal("it\u{2019}s"), "'it\u{2019}\u{2019}s'");
    }

    #[test]
    fn commands_put_one_option_per_line() {
        let cmd = Cmd::new("az ml compute show")
            .opt("--name", "k8s")
            .opt("--description", "-dash")
            .flag("--yes");
        assert_eq!(
            cmd.render(Shell::Bash),
            "az ml compute show \\\n  --name k8s \\\n  '--description=-dash' \\\n  --yes"
        );
        assert_eq!(
            cmd.render(Shell::Pwsh),
            "az ml compute show `\n  --name k8s `\n  '--description=-dash' `\n  --yes"
        );
    }

    #[test]
    fn comments_cannot_be_escaped() {
        let mut script = Script::new(Shell::Bash);
        script.comment("one\ntwo\r\nrm -rf /");
        assert!(script.text.ends_with("# one\n# two\n# rm -rf /\n"));
    }
}
