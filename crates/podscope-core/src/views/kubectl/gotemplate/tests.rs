//! The template engine against Go's text/template behaviour (outputs and messages as Go
//! 1.24's text/template prints them; kubectl's options).

use serde_json::json;

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn run(template: &str, data: &Value) -> Result<String, String> {
    let t = Template::parse(template).map_err(|e| e.to_string())?;
    t.execute(data, false).map_err(|(_, e)| match e {
        ExecError::Go(m) | ExecError::NotModelled(m) => m,
    })
}

fn pods() -> Value {
    json!({"apiVersion": "v1", "kind": "List", "items": [
        {"metadata": {"name": "a", "labels": {"app": "web"}}, "status": {"podIP": "10.244.0.5", "restartCount": 2}},
        {"metadata": {"name": "b"}, "status": {"podIP": "10.244.0.6", "restartCount": 0}},
        {"metadata": {"name": "c", "creationTimestamp": null}, "status": {}}
    ]})
}

#[test]
fn the_docs_range_over_items() {
    assert_eq!(
        run(
            r#"{{range .items}}{{.status.podIP}}{{"\n"}}{{end}}"#,
            &pods()
        )
        .unwrap(),
        "10.244.0.5\n10.244.0.6\n<no value>\n"
    );
    assert_eq!(
        run(
            "{{range $i, $p := .items}}{{$i}}={{$p.metadata.name}} {{end}}",
            &pods()
        )
        .unwrap(),
        "0=a 1=b 2=c "
    );
    assert_eq!(run("{{len .items}} {{.kind}}", &pods()).unwrap(), "3 List");
    assert_eq!(
        run(
            "{{range .items}}{{if .metadata.labels}}{{.metadata.name}}{{else}}-{{end}}{{end}}",
            &pods()
        )
        .unwrap(),
        "a--"
    );
    assert_eq!(
        run("{{range .items}}{{if eq .metadata.name \"b\"}}B{{else if eq .metadata.name \"c\"}}C{{else}}A{{end}}{{end}}", &pods())
            .unwrap(),
        "ABC"
    );
    assert_eq!(
        run(
            "{{with index .items 0}}{{index .metadata.labels \"app\"}}{{end}}",
            &pods()
        )
        .unwrap(),
        "web"
    );
    assert_eq!(
        run("{{range .nope}}x{{else}}none{{end}}", &pods()).unwrap(),
        "none"
    );
    assert_eq!(
        run(
            "{{- range .items }}\n  {{- .metadata.name -}}\n{{ end }}",
            &pods()
        )
        .unwrap(),
        "abc"
    );
    assert_eq!(run("{{/* a comment */}}ok", &pods()).unwrap(), "ok");
    assert_eq!(
        run(
            r#"{{printf "%s:%-3d|" .kind 7}}{{.kind | printf "%q"}}"#,
            &pods()
        )
        .unwrap(),
        "List:7  |\"List\""
    );
    assert_eq!(
        run("{{range .items}}{{.status.restartCount}}{{end}}", &pods()).unwrap(),
        "20<no value>"
    );
    assert_eq!(
        run("{{$n := len .items}}{{if gt $n 2}}many{{end}}", &pods()).unwrap(),
        "many"
    );
    assert_eq!(
        run("{{.items}}", &json!({"items": [1, "x"]})).unwrap(),
        "[1 x]"
    );
    assert_eq!(
        run("{{.m}}", &json!({"m": {"b": 1, "a": null}})).unwrap(),
        "map[a:<nil> b:1]"
    );
    assert_eq!(
        run("{{exists . \"items\" 0}}{{exists . \"items\" 9}}", &pods()).unwrap(),
        "truefalse"
    );
}

#[test]
fn execution_errors_read_as_go_writes_them() {
    assert_eq!(
        run(
            "{{.metadata.creationTimestamp.x}}",
            &json!({"metadata": {"creationTimestamp": null}})
        )
        .unwrap_err(),
        // ErrorContext cuts the node's text at 20 characters.
        "template: output:1:2: executing \"output\" at <.metadata.creationTi...>: nil pointer evaluating interface {}.x"
    );
    assert_eq!(
        run("ab{{.kind.x}}", &pods()).unwrap_err(),
        "template: output:1:4: executing \"output\" at <.kind.x>: can't evaluate field x in type interface {}"
    );
    assert_eq!(
        run("{{index .items 5}}", &pods()).unwrap_err(),
        "template: output:1:2: executing \"output\" at <index .items 5>: error calling index: index out of range: 5"
    );
    assert_eq!(
        run("{{range .kind}}{{end}}", &pods()).unwrap_err(),
        "template: output:1:8: executing \"output\" at <.kind>: range can't iterate over List"
    );
    let missing = Template::parse("{{.nope}}")
        .unwrap()
        .execute(&pods(), true)
        .unwrap_err();
    assert_eq!(
        missing.1,
        ExecError::Go(
            "template: output:1:2: executing \"output\" at <.nope>: map has no entry for key \"nope\"".into()
        )
    );
    // What was written before the error stays written.
    let partial = Template::parse("x{{.kind.y}}")
        .unwrap()
        .execute(&pods(), false);
    assert_eq!(partial.unwrap_err().0, "x");
}

#[test]
fn parse_errors_read_as_go_writes_them() {
    let err = |t: &str| Template::parse(t).unwrap_err().to_string();
    assert_eq!(
        err("{{range .items}}x"),
        "template: output:1: unexpected EOF"
    );
    assert_eq!(err("{{end}}"), "template: output:1: unexpected {{end}}");
    assert_eq!(
        err("a\n{{else}}"),
        "template: output:2: unexpected {{else}}"
    );
    assert_eq!(err("{{.a"), "template: output:1: unclosed action");
    assert_eq!(
        err("{{foo .a}}"),
        "template: output:1: function \"foo\" not defined"
    );
    assert_eq!(err("{{}}"), "template: output:1: missing value for command");
    assert_eq!(
        err("{{$x}}"),
        "template: output:1: undefined variable \"$x\""
    );
    assert_eq!(
        err("{{\"abc}}"),
        "template: output:1: unterminated quoted string"
    );
    assert_eq!(
        err("{{define \"x\"}}{{end}}"),
        "the go-template action {{define}} is not modelled"
    );
}
