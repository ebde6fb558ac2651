//! A page folder's `expected` file: for each step of its script, in order, a `$ COMMAND` line
//! (the step's command as the suite names it) and the output the page prints, in Kubernetes
//! 1.35's form; `(not shown)` when the page shows no output for it, `(not compared: WHY)`
//! when its output cannot be compared (measurements). Lines before the first `$ ` are
//! comments.

/// What the page prints for one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The command after `$ `.
    pub command: String,
    /// The output, or `None` when the page does not show one.
    pub output: Option<String>,
}

const NOT_SHOWN: &str = "(not shown)";
const NOT_COMPARED: &str = "(not compared";

/// The blocks of an `expected` file.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut body: Option<String> = None;
    let finish = |blocks: &mut Vec<Block>, body: Option<String>| {
        if let (Some(b), Some(last)) = (body, blocks.last_mut()) {
            let skip = b.trim() == NOT_SHOWN || b.trim_start().starts_with(NOT_COMPARED);
            last.output = (!skip).then_some(b);
        }
    };
    for line in text.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            finish(&mut blocks, body.take());
            blocks.push(Block {
                command: command.trim().to_owned(),
                output: None,
            });
            body = Some(String::new());
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    finish(&mut blocks, body);
    blocks
}

#[test]
fn blocks_pair_commands_with_outputs_and_not_shown_means_none() {
    let blocks = parse(
        "# a comment\n$ kubectl apply -f x.yaml\n(not shown)\n$ kubectl top pod x\n(not compared: measured)\n$ kubectl get pods\nNAME  READY\nx  1/1\n\n",
    );
    assert_eq!(
        blocks,
        [
            Block {
                command: "kubectl apply -f x.yaml".into(),
                output: None
            },
            Block {
                command: "kubectl top pod x".into(),
                output: None
            },
            Block {
                command: "kubectl get pods".into(),
                output: Some("NAME  READY\nx  1/1\n\n".into())
            },
        ]
    );
}
