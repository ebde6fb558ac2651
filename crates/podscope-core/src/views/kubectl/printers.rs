//! `kubectl get`'s non-table printers over the objects it found (kubectl pkg/cmd/get/get.go
//! `printGeneric`: one object printed as itself when a single one was implied, else a `v1`
//! `List` of them): `-o yaml`, `-o json`, `-o name` (cli-runtime printers/name.go),
//! `-o jsonpath=` (printers/jsonpath.go), `-o go-template=` (printers/template.go),
//! `-o custom-columns=` (kubectl pkg/cmd/get/customcolumn.go).

use serde_json::Value;

use super::gotemplate::{ExecError, ParseError, Template};
use super::jsonpath::{JsonPath, go_print, go_sprint, go_syntax};
use super::{gojson, object, unmodelled, yaml};
use crate::model::kubectl::output::OutputFormat;
use crate::sim::outcome::Output;
use crate::views::tabwriter::{KUBECTL, table};

/// One object found, with the `kind.group` prefix `-o name` prints.
pub struct Found {
    pub kind_prefix: String,
    pub value: Value,
}

/// Prints `found` in `format` (not the table formats). `single` is the builder's
/// "single item implied" (one name asked for).
pub fn print(format: &OutputFormat, found: Vec<Found>, single: bool) -> Output {
    let value = |found: Vec<Found>| -> Value {
        if single && found.len() == 1 {
            found
                .into_iter()
                .next()
                .map(|f| f.value)
                .unwrap_or(Value::Null)
        } else {
            object::list(found.into_iter().map(|f| f.value).collect())
        }
    };
    match format {
        OutputFormat::Yaml => Output::ok(yaml::to_yaml(&value(found))),
        OutputFormat::Json => Output::ok(gojson::to_json(&value(found))),
        OutputFormat::Name => Output::ok(
            found
                .iter()
                .map(|f| {
                    let name = f.value["metadata"]["name"].as_str().unwrap_or("<unknown>");
                    format!("{}/{name}\n", f.kind_prefix)
                })
                .collect::<String>(),
        ),
        OutputFormat::JsonPath(t) => jsonpath(t, &value(found), false),
        OutputFormat::JsonPathAsJson(t) => jsonpath(t, &value(found), true),
        OutputFormat::CustomColumns(spec) => custom_columns(spec, found),
        OutputFormat::GoTemplate(t) => go_template(t, &value(found)),
        other => unmodelled(&format!("kubectl get -o {}", other.name())),
    }
}

/// genericclioptions jsonpath_flags.go `ToPrinter` and `JSONPathPrinter.PrintObj`.
fn jsonpath(template: &str, value: &Value, as_json: bool) -> Output {
    if template.is_empty() {
        return Output::failed(
            "error: template format specified but no template given\n",
            1,
        );
    }
    let parsed = match JsonPath::parse(template) {
        Ok(p) => p,
        Err(e) => {
            return Output::failed(
                format!("error: error parsing jsonpath {template}, {e}\n"),
                1,
            );
        }
    };
    let result = if as_json {
        // EnableJSONOutput: every result in one JSON array, indented.
        parsed.results(value).map(|r| {
            let all: Vec<Value> = r.into_iter().flatten().collect();
            gojson::to_json(&Value::Array(all))
        })
    } else {
        parsed.execute(value)
    };
    match result {
        Ok(text) => Output::ok(text),
        Err(e) => Output::failed(
            format!(
                "error: error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                crate::model::humanize::go_quote(template),
                go_syntax(value)
            ),
            1,
        ),
    }
}

/// genericclioptions template_flags.go `ToPrinter` and printers/template.go `PrintObj`: on
/// an execution error, what the template wrote, then the debugging text on standard
/// output, then kubectl's error.
fn go_template(template: &str, value: &Value) -> Output {
    if template.is_empty() {
        return Output::failed(
            "error: template format specified but no template given\n",
            1,
        );
    }
    let not_modelled =
        |what: String| unmodelled(&format!("kubectl get -o go-template with {what}"));
    let parsed = match Template::parse(template) {
        Ok(t) => t,
        Err(ParseError::NotModelled(what)) => return not_modelled(what),
        Err(e) => {
            return Output::failed(
                format!("error: error parsing template {template}, {e}\n"),
                1,
            );
        }
    };
    match parsed.execute(value, false) {
        Ok(text) => Output::ok(text),
        Err((_, ExecError::NotModelled(what))) => not_modelled(what),
        Err((written, ExecError::Go(e))) => Output::failed(
            format!(
                "{written}Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{}\n\tobject given to template engine was:\n\t\t{}\n\nerror: error executing template {}: {e}\n",
                gojson::compact(value),
                go_print(value),
                crate::model::humanize::go_quote(template)
            ),
            1,
        ),
    }
}

/// customcolumn.go `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` or `{.a.b}` as
/// `{.a.b}`.
fn relaxed(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let inner = expr
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .unwrap_or(expr);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".to_owned());
    }
    Ok(format!("{{.{inner}}}"))
}

/// customcolumn.go `NewCustomColumnsPrinterFromSpec` and `PrintObj`: a header, then one row
/// per object, each cell the values joined by `,` (`<none>` when there are none).
fn custom_columns(spec: &str, found: Vec<Found>) -> Output {
    if spec.is_empty() {
        return Output::failed(
            "error: custom-columns format specified but no custom columns given\n",
            1,
        );
    }
    let mut columns: Vec<(String, JsonPath)> = Vec::new();
    for part in spec.split(',') {
        let Some((header, expr)) = part.split_once(':') else {
            return Output::failed(
                format!(
                    "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>\n"
                ),
                1,
            );
        };
        let path = match relaxed(expr).and_then(|e| JsonPath::parse(&e)) {
            Ok(p) => p,
            Err(e) => return Output::failed(format!("error: {e}\n"), 1),
        };
        columns.push((header.to_owned(), path));
    }
    let mut rows: Vec<Vec<String>> = vec![columns.iter().map(|(h, _)| h.clone()).collect()];
    for f in &found {
        let mut row = Vec::new();
        for (_, path) in &columns {
            let values = match path.results(&f.value) {
                Ok(v) => v,
                Err(e) => return Output::failed(format!("error: {e}\n"), 1),
            };
            let mut cells: Vec<String> = values.iter().flatten().map(go_sprint).collect();
            if values.first().is_none_or(Vec::is_empty) {
                cells.insert(0, "<none>".to_owned());
            }
            row.push(cells.join(","));
        }
        rows.push(row);
    }
    Output::ok(table(KUBECTL, &rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn found() -> Vec<Found> {
        ["a", "bb"]
            .iter()
            .map(|n| Found {
                kind_prefix: "deployment.apps".into(),
                value: json!({"apiVersion": "apps/v1", "kind": "Deployment",
                              "metadata": {"name": n}, "spec": {"replicas": 2}}),
            })
            .collect()
    }

    #[test]
    fn name_yaml_list_and_columns() {
        assert_eq!(
            print(&OutputFormat::Name, found(), false).text,
            "deployment.apps/a\ndeployment.apps/bb\n"
        );
        let y = print(&OutputFormat::Yaml, found(), false).text;
        assert!(
            y.starts_with("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n"),
            "{y}"
        );
        assert!(
            y.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
            "{y}"
        );
        let one = print(
            &OutputFormat::Yaml,
            found().into_iter().take(1).collect(),
            true,
        );
        assert!(
            one.text
                .starts_with("apiVersion: apps/v1\nkind: Deployment\n")
        );
        let cc = print(
            &OutputFormat::CustomColumns(
                "NAME:.metadata.name,REPLICAS:spec.replicas,X:{.x}".into(),
            ),
            found(),
            false,
        );
        assert_eq!(
            cc.text,
            "NAME   REPLICAS   X\na      2          <none>\nbb     2          <none>\n"
        );
        let empty = print(&OutputFormat::Yaml, Vec::new(), false).text;
        assert_eq!(
            empty,
            "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
        );
    }

    #[test]
    fn jsonpath_errors_as_kubectl_prints_them() {
        let out = print(&OutputFormat::JsonPath("{.a".into()), found(), false);
        assert_eq!(
            out.text,
            "error: error parsing jsonpath {.a, unclosed action\n"
        );
        let out = print(
            &OutputFormat::JsonPath("{.items[5]}".into()),
            found(),
            false,
        );
        assert!(out.text.starts_with("error: error executing jsonpath \"{.items[5]}\": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", "), "{}", out.text);
        assert_eq!(
            relaxed("x}").unwrap_err(),
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
        );
    }
}
