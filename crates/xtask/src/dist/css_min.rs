//! The page's CSS without what only its readers need: comments, indentation, and the spaces
//! beside `{`, `}`, `;` and `,`. Now that the sheet is inline (styles.rs), its bytes are the
//! first paint's: a quarter of them were comments and layout (docs/figures.md). Strings are
//! copied as they are (`content: "/* */"`, font names), and every other run of whitespace
//! becomes one space, so selectors (`a :hover`, `a > b`) and values (`calc(1px - 2px)`,
//! `rgb(0 0 0 / 0.4)`) keep their meaning.

/// `css` minified as above.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                // A comment separates tokens as whitespace does.
                space = true;
            }
            c if c.is_whitespace() => space = true,
            _ => {
                if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    copy_string(c, &mut chars, &mut out);
                }
            }
        }
    }
    out
}

/// A character no space is needed beside.
fn tight(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',')
}

/// The rest of a string opened by `quote`, escapes included, up to its closing quote.
fn copy_string(quote: char, chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut escaped = false;
    for d in chars {
        out.push(d);
        match d {
            '\\' if !escaped => escaped = true,
            d if d == quote && !escaped => return,
            _ => escaped = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_layout_go_strings_and_meaningful_spaces_stay() {
        let css = "/* a sheet */\n:root {\n  --bg: light-dark(#fff, #000); /* both */\n}\n\
                   .a :hover, .b > .c {\n  width: calc(100% - 2px);\n  color: rgb(0 0 0 / 0.4);\n}\n\
                   .d::after { content: \"/* kept */  ;{\"; font-family: 'Segoe UI', x; }\n\
                   .e/**/.f { content: \"a\\\"b  c\"; }\n";
        assert_eq!(
            minify(css),
            ":root{--bg: light-dark(#fff,#000);}.a :hover,.b > .c{width: calc(100% - 2px);color: rgb(0 0 0 / 0.4);}\
             .d::after{content: \"/* kept */  ;{\";font-family: 'Segoe UI',x;}.e .f{content: \"a\\\"b  c\";}"
        );
    }
}
