//! `-o`/`--output` of `kubectl get`: the printers kubectl 1.35 offers (kubectl pkg/cmd/get
//! get_flags.go `PrintFlags.ToPrinter`, cli-runtime genericclioptions json_yaml_flags.go,
//! name_flags.go, template_flags.go, jsonpath_flags.go, kubectl customcolumn_flags.go,
//! humanreadable_flags.go) and the error for any other.

use std::fmt;

/// How `kubectl get` prints what it found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// No `-o`: the server's table columns.
    #[default]
    Table,
    /// `-o wide`: the table with its extra columns.
    Wide,
    Json,
    Yaml,
    /// `-o kyaml` (kubectl 1.35 offers it unless `KUBECTL_KYAML=false`).
    KYaml,
    /// `-o name`: `TYPE/NAME` lines.
    Name,
    /// `-o jsonpath=TEMPLATE` (the template may also come from `--template`).
    JsonPath(String),
    JsonPathFile(String),
    JsonPathAsJson(String),
    /// `-o go-template=…` (also `template=…`).
    GoTemplate(String),
    /// `-o go-template-file=…` (also `templatefile=…`).
    GoTemplateFile(String),
    CustomColumns(String),
    CustomColumnsFile(String),
}

/// The formats `kubectl get` accepts, sorted as its error lists them.
const ALLOWED: &[&str] = &[
    "custom-columns",
    "custom-columns-file",
    "go-template",
    "go-template-file",
    "json",
    "jsonpath",
    "jsonpath-as-json",
    "jsonpath-file",
    "kyaml",
    "name",
    "template",
    "templatefile",
    "wide",
    "yaml",
];

/// genericclioptions `NoCompatiblePrinterError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoPrinter(pub String);

impl fmt::Display for NoPrinter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unable to match a printer suitable for the output format {}, allowed formats are: {}",
            crate::model::humanize::go_quote(&self.0),
            ALLOWED.join(",")
        )
    }
}

impl OutputFormat {
    /// Reads `-o VALUE` with `--template` (the template when `VALUE` carries none).
    pub fn parse(value: Option<&str>, template: Option<&str>) -> Result<Self, NoPrinter> {
        let value = value.unwrap_or_default();
        let (format, inline) = match value.split_once('=') {
            Some((f, t)) => (f, Some(t)),
            None => (value, None),
        };
        let text = || inline.or(template).unwrap_or_default().to_owned();
        Ok(match format {
            // get_flags.go: `--template` without `-o` means a go-template.
            "" if template.is_some_and(|t| !t.is_empty()) => OutputFormat::GoTemplate(text()),
            "" => OutputFormat::Table,
            "wide" => OutputFormat::Wide,
            "json" => OutputFormat::Json,
            "yaml" => OutputFormat::Yaml,
            "kyaml" => OutputFormat::KYaml,
            "name" => OutputFormat::Name,
            "jsonpath" => OutputFormat::JsonPath(text()),
            "jsonpath-file" => OutputFormat::JsonPathFile(text()),
            "jsonpath-as-json" => OutputFormat::JsonPathAsJson(text()),
            "go-template" | "template" => OutputFormat::GoTemplate(text()),
            "go-template-file" | "templatefile" => OutputFormat::GoTemplateFile(text()),
            "custom-columns" => OutputFormat::CustomColumns(text()),
            "custom-columns-file" => OutputFormat::CustomColumnsFile(text()),
            _ => return Err(NoPrinter(value.to_owned())),
        })
    }

    /// The `-o` value as typed, without its template (for messages).
    pub fn name(&self) -> &'static str {
        match self {
            OutputFormat::Table => "",
            OutputFormat::Wide => "wide",
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
            OutputFormat::KYaml => "kyaml",
            OutputFormat::Name => "name",
            OutputFormat::JsonPath(_) => "jsonpath",
            OutputFormat::JsonPathFile(_) => "jsonpath-file",
            OutputFormat::JsonPathAsJson(_) => "jsonpath-as-json",
            OutputFormat::GoTemplate(_) => "go-template",
            OutputFormat::GoTemplateFile(_) => "go-template-file",
            OutputFormat::CustomColumns(_) => "custom-columns",
            OutputFormat::CustomColumnsFile(_) => "custom-columns-file",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_printer_and_the_error() {
        let p = |v: &str| OutputFormat::parse(Some(v), None);
        assert_eq!(OutputFormat::parse(None, None), Ok(OutputFormat::Table));
        assert_eq!(p("wide"), Ok(OutputFormat::Wide));
        assert_eq!(p("yaml"), Ok(OutputFormat::Yaml));
        assert_eq!(
            p("jsonpath={.items[*].metadata.name}"),
            Ok(OutputFormat::JsonPath("{.items[*].metadata.name}".into()))
        );
        assert_eq!(
            p("custom-columns=NAME:.metadata.name,A=B"),
            Ok(OutputFormat::CustomColumns(
                "NAME:.metadata.name,A=B".into()
            ))
        );
        assert_eq!(
            OutputFormat::parse(Some("jsonpath"), Some("{.a}")),
            Ok(OutputFormat::JsonPath("{.a}".into()))
        );
        assert_eq!(
            OutputFormat::parse(None, Some("{{.a}}")),
            Ok(OutputFormat::GoTemplate("{{.a}}".into()))
        );
        assert_eq!(
            p("table").unwrap_err().to_string(),
            "unable to match a printer suitable for the output format \"table\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml"
        );
    }
}
