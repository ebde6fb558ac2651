//! The tour story: an example's guided tour in the embed, walked with Next to its end,
//! Restart (which takes the focus when Next is done) and Back; the narration is text and is
//! announced.

use std::time::Duration;

use podscope_core::scenario::examples::ExampleId;
use podscope_core::scenario::script::Scenario;
use podscope_core::{Bundle, link};
use podscope_e2e::webdriver::by_testid;
use podscope_e2e::{dist_dir, server, webdriver::Browser};

const TIMEOUT: Duration = Duration::from_secs(60);

fn step_is(b: &Browser, want: &str) {
    b.wait_for(want, TIMEOUT, |b| {
        Ok((b.testid_text("tour-step")?.as_deref() == Some(want)).then_some(()))
    })
    .expect("the browser answers");
}

#[test]
fn the_crashloop_tour_in_an_embed() {
    let example = ExampleId::CrashLoop.get();
    let scenario: Scenario = example.script.parse().expect("the example parses");
    let bundle = Bundle {
        manifest: example.yaml.to_owned(),
        script: scenario.clone(),
        runtime: Some(example.runtime),
    };
    let site = server::serve(dist_dir()).expect("serves dist/");
    let b = Browser::start().expect("the browser answers");
    b.goto(&site.url(&format!(
        "embed.html?tour&panels=terminal#{}",
        link::encode(&bundle)
    )))
    .expect("the browser answers");
    let n = scenario.stops().len();
    step_is(&b, &format!("Step 1 of {n}"));
    let live = b
        .find(".tour-say")
        .expect("the browser answers")
        .expect("the browser answers");
    assert_eq!(
        b.attribute(&live, "aria-live")
            .expect("the browser answers")
            .as_deref(),
        Some("polite")
    );
    let texts: Vec<_> = scenario.stops().map(|s| s.narration.text.clone()).collect();
    assert_eq!(
        b.testid_text("tour-text")
            .expect("the browser answers")
            .expect("the browser answers"),
        texts[0]
    );
    let back = b
        .find(&by_testid("tour-back"))
        .expect("the browser answers")
        .expect("the browser answers");
    assert_eq!(
        b.attribute(&back, "disabled")
            .expect("the browser answers")
            .as_deref(),
        Some("true")
    );

    for (i, text) in texts.iter().enumerate().skip(1) {
        b.click(
            &b.find(&by_testid("tour-next"))
                .expect("the browser answers")
                .expect("the browser answers"),
        )
        .expect("the browser answers");
        step_is(&b, &format!("Step {} of {n}", i + 1));
        assert_eq!(
            &b.testid_text("tour-text")
                .expect("the browser answers")
                .expect("the browser answers"),
            text
        );
    }
    // The last stop's kubectl describe ran into the terminal.
    b.click(
        &b.find(&by_testid("tour-next"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    step_is(&b, &format!("End of the tour ({n} steps)"));
    let focused = b
        .execute("return document.activeElement.dataset.testid;", vec![])
        .expect("the browser answers");
    assert_eq!(
        focused.as_str(),
        Some("tour-restart"),
        "focus moved off the disabled Next"
    );
    let terminal = b
        .find(&by_testid("embed-panel-terminal"))
        .expect("the browser answers")
        .expect("the browser answers");
    assert!(
        b.text(&terminal)
            .expect("the browser answers")
            .contains("CrashLoopBackOff")
    );
    b.screenshot("tour-crashloop-end")
        .expect("the browser answers");

    b.click(
        &b.find(&by_testid("tour-back"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    step_is(&b, &format!("Step {n} of {n}"));
    b.click(
        &b.find(&by_testid("tour-restart"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    step_is(&b, &format!("Step 1 of {n}"));
    assert_eq!(
        b.execute("return localStorage.length;", vec![])
            .expect("the browser answers"),
        serde_json::json!(0),
        "the embed left nothing in localStorage"
    );
}
