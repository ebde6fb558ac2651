//! `$((…))` arithmetic: integers (64-bit, as ash's `arith_t`), variables, and C operators
//! without assignment or `?:`. Errors carry ash's texts (shell/math.c).

type R<T> = Result<T, String>;

const SYNTAX: &str = "arithmetic syntax error";

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
    LParen,
    RParen,
}

const OPS: [&str; 21] = [
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&", "|",
    "^", "!", "~", ",",
];

fn tokenize(s: &str) -> R<Vec<T>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
            out.push(T::Num(
                parse_number(&text).ok_or_else(|| SYNTAX.to_string())?,
            ));
        } else if c == '_' || c.is_ascii_alphabetic() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| *c == '_' || c.is_ascii_alphanumeric())
            {
                i += 1;
            }
            out.push(T::Name(
                chars.get(start..i).unwrap_or_default().iter().collect(),
            ));
        } else if c == '(' {
            out.push(T::LParen);
            i += 1;
        } else if c == ')' {
            out.push(T::RParen);
            i += 1;
        } else {
            let two: String = chars.get(i..i + 2).unwrap_or_default().iter().collect();
            let op = OPS
                .iter()
                .find(|op| op.len() == 2 && **op == two)
                .or_else(|| OPS.iter().find(|op| op.len() == 1 && op.starts_with(c)))
                .ok_or_else(|| SYNTAX.to_string())?;
            i += op.len();
            out.push(T::Op(op));
        }
    }
    Ok(out)
}

/// Decimal, `0x` hex or leading-`0` octal, as ash reads numbers.
fn parse_number(s: &str) -> Option<i64> {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|v| v as i64);
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(s.get(1..)?, 8).ok().map(|v| v as i64);
    }
    s.parse::<u64>().ok().map(|v| v as i64)
}

struct P<'a> {
    toks: Vec<T>,
    i: usize,
    var: &'a dyn Fn(&str) -> Option<String>,
    depth: usize,
}

fn prec(op: &str) -> Option<u8> {
    Some(match op {
        "," => 1,
        "||" => 2,
        "&&" => 3,
        "|" => 4,
        "^" => 5,
        "&" => 6,
        "==" | "!=" => 7,
        "<" | ">" | "<=" | ">=" => 8,
        "<<" | ">>" => 9,
        "+" | "-" => 10,
        "*" | "/" | "%" => 11,
        _ => return None,
    })
}

impl P<'_> {
    fn primary(&mut self) -> R<i64> {
        self.depth += 1;
        if self.depth > super::lex::MAX_NESTING {
            return Err(SYNTAX.into());
        }
        let tok = self.toks.get(self.i).cloned();
        self.i += 1;
        let v = match tok {
            Some(T::Num(n)) => n,
            Some(T::Name(n)) => {
                let value = (self.var)(&n).unwrap_or_default();
                let value = value.trim();
                if value.is_empty() {
                    0
                } else {
                    parse_number(value)
                        .or_else(|| value.parse::<i64>().ok())
                        .ok_or_else(|| SYNTAX.to_string())?
                }
            }
            Some(T::LParen) => {
                let v = self.expr(0)?;
                if self.toks.get(self.i) != Some(&T::RParen) {
                    return Err(SYNTAX.into());
                }
                self.i += 1;
                v
            }
            Some(T::Op("-")) => self.primary()?.wrapping_neg(),
            Some(T::Op("+")) => self.primary()?,
            Some(T::Op("!")) => i64::from(self.primary()? == 0),
            Some(T::Op("~")) => !self.primary()?,
            _ => return Err(SYNTAX.into()),
        };
        self.depth -= 1;
        Ok(v)
    }

    fn expr(&mut self, min: u8) -> R<i64> {
        let mut lhs = self.primary()?;
        while let Some(T::Op(op)) = self.toks.get(self.i).cloned() {
            let Some(p) = prec(op) else { break };
            if p < min {
                break;
            }
            self.i += 1;
            let rhs = self.expr(p + 1)?;
            lhs = match op {
                "," => rhs,
                "||" => i64::from(lhs != 0 || rhs != 0),
                "&&" => i64::from(lhs != 0 && rhs != 0),
                "|" => lhs | rhs,
                "^" => lhs ^ rhs,
                "&" => lhs & rhs,
                "==" => i64::from(lhs == rhs),
                "!=" => i64::from(lhs != rhs),
                "<" => i64::from(lhs < rhs),
                ">" => i64::from(lhs > rhs),
                "<=" => i64::from(lhs <= rhs),
                ">=" => i64::from(lhs >= rhs),
                "<<" => lhs.wrapping_shl(rhs as u32),
                ">>" => lhs.wrapping_shr(rhs as u32),
                "+" => lhs.wrapping_add(rhs),
                "-" => lhs.wrapping_sub(rhs),
                "*" => lhs.wrapping_mul(rhs),
                "/" | "%" => {
                    if rhs == 0 {
                        return Err("divide by zero".into());
                    }
                    if op == "/" {
                        lhs.wrapping_div(rhs)
                    } else {
                        lhs.wrapping_rem(rhs)
                    }
                }
                _ => return Err(SYNTAX.into()),
            };
        }
        Ok(lhs)
    }
}

/// Evaluates an expanded arithmetic expression; an empty one is 0.
pub fn eval(text: &str, var: &dyn Fn(&str) -> Option<String>) -> R<i64> {
    let toks = tokenize(text)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut p = P {
        toks,
        i: 0,
        var,
        depth: 0,
    };
    let v = p.expr(0)?;
    if p.i != p.toks.len() {
        return Err(SYNTAX.into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn evaluates() {
        let var = |n: &str| (n == "i").then(|| "41".to_string());
        assert_eq!(eval("i + 1", &var), Ok(42));
        assert_eq!(eval("2 * (3 + 4) % 5", &var), Ok(4));
        assert_eq!(eval("0x10 + 010", &var), Ok(24));
        assert_eq!(eval("-i < 0 && 1", &var), Ok(1));
        assert_eq!(eval("unset + 1", &var), Ok(1));
        assert_eq!(eval("1 / 0", &var), Err("divide by zero".into()));
        assert_eq!(eval("1 +", &var), Err("arithmetic syntax error".into()));
        assert_eq!(eval("", &var), Ok(0));
    }
}
