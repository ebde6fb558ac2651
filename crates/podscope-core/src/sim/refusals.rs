//! The errors `kubectl apply|create -f` prints after the lines of the objects it wrote:
//! kubectl pkg/cmd/util/helpers.go `checkErr` prints one error alone (a client-side one after
//! `error: `, the API server's as `Error from server (REASON): MESSAGE`), several one a line
//! (`MultipleErrors`: a client-side one bare); `AddSourceToErr` puts `error when creating
//! "FILE": ` before the server's message.

/// One error of a `-f` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// kubectl's own (`--namespace` mismatch).
    Client(String),
    /// The API server's status: its reason (`NotFound`, `Forbidden`) and message.
    Server {
        reason: &'static str,
        message: String,
    },
}

impl Refusal {
    /// The server's refusal of creating an object read from `source` (`AddSourceToErr`).
    pub(crate) fn creating(reason: &'static str, source: Option<&str>, message: &str) -> Self {
        let message = match source {
            Some(s) => format!(
                "error when creating {}: {message}",
                crate::model::humanize::go_quote(s)
            ),
            None => message.to_owned(),
        };
        Refusal::Server { reason, message }
    }
}

/// What kubectl prints for `errors` (empty for none).
pub(crate) fn render(errors: &[Refusal]) -> String {
    let alone = errors.len() == 1;
    errors
        .iter()
        .map(|e| match e {
            Refusal::Client(m) if alone => format!("error: {m}\n"),
            Refusal::Client(m) => format!("{m}\n"),
            Refusal::Server { reason, message } => {
                format!("Error from server ({reason}): {message}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_client_error_has_the_error_prefix_and_several_do_not() {
        let one = [Refusal::Client("bad".to_owned())];
        assert_eq!(render(&one), "error: bad\n");
        let two = [
            Refusal::Client("bad".to_owned()),
            Refusal::creating("NotFound", Some("f.yaml"), "namespaces \"x\" not found"),
        ];
        assert_eq!(
            render(&two),
            "bad\nError from server (NotFound): error when creating \"f.yaml\": namespaces \"x\" not found\n"
        );
        assert_eq!(render(&[]), "");
    }
}
