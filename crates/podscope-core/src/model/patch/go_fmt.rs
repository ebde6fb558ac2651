//! Go's `fmt` `%v` of a decoded JSON value (`map[string]interface{}`, `[]interface{}`,
//! `float64`, `int64`, `string`, `bool`, `nil`), as apimachinery's merge-patch errors print
//! the maps they name (`map: map[image:redis] does not contain declared merge key: name`).

use serde_json::Value;

/// `fmt.Sprintf("%v", v)`: maps as `map[k:v …]` with sorted keys (fmt sorts map keys),
/// slices as `[a b]`, strings bare, `<nil>` for null, numbers as Go prints an int64 or a
/// float64 (`%g` with the shortest digits: `1e+06`).
pub fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => go_float(f),
            _ => n.to_string(),
        },
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(go_v).collect();
            format!("[{}]", parts.join(" "))
        }
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// fmt's `%v` of a float64: strconv `FormatFloat(f, 'g', -1, 64)`, the shortest digits,
/// in exponent form when the exponent is below -4 or at least 6 (strconv/ftoa.go
/// `formatDigits`: "if precision was the shortest possible, use precision 6").
fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits: `1.5e6`.
    let sci = podscope_float::lower_exp(f);
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    podscope_float::display(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn maps_slices_and_numbers_as_go_prints_them() {
        assert_eq!(
            go_v(&json!({"image": "redis", "ports": [{"containerPort": 80}], "x": null})),
            "map[image:redis ports:[map[containerPort:80]] x:<nil>]"
        );
        assert_eq!(go_v(&json!(1.5)), "1.5");
        assert_eq!(go_v(&json!(1e21)), "1e+21");
        assert_eq!(go_v(&json!(1234567.5)), "1.2345675e+06");
        assert_eq!(go_v(&json!(123456.5)), "123456.5");
        assert_eq!(go_v(&json!(0.00001)), "1e-05");
        assert_eq!(go_v(&json!(true)), "true");
    }
}
