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
    .unwrap();
}

#[test]
fn the_crashloop_tour_in_an_embed() {
    let example = ExampleId::CrashLoop.get();
    let scenario: Scenario = example.script.parse().unwrap();
    let bundle = Bundle {
        manifest: example.yaml.to_owned(),
        script: scenario.clone(),
        runtime: Some(example.runtime),
    };
    let addr = server::serve(dist_dir()).unwrap();
    let b = Browser::start().unwrap();
    b.goto(&format!(
        "http://{addr}/embed.html?tour&panels=terminal#{}",
        link::encode(&bundle)
    ))
    .unwrap();
    let n = scenario.stops().len();
    step_is(&b, &format!("Step 1 of {n}"));
    let live = b.find(".tour-say").unwrap().unwrap();
    assert_eq!(
        b.attribute(&live, "aria-live").unwrap().as_deref(),
        Some("polite")
    );
    let texts: Vec<_> = scenario.stops().map(|s| s.narration.text.clone()).collect();
    assert_eq!(b.testid_text("tour-text").unwrap().unwrap(), texts[0]);
    let back = b.find(&by_testid("tour-back")).unwrap().unwrap();
    assert_eq!(
        b.attribute(&back, "disabled").unwrap().as_deref(),
        Some("true")
    );

    for (i, text) in texts.iter().enumerate().skip(1) {
        b.click(&b.find(&by_testid("tour-next")).unwrap().unwrap())
            .unwrap();
        step_is(&b, &format!("Step {} of {n}", i + 1));
        assert_eq!(&b.testid_text("tour-text").unwrap().unwrap(), text);
    }
    // The last stop's kubectl describe ran into the terminal.
    b.click(&b.find(&by_testid("tour-next")).unwrap().unwrap())
        .unwrap();
    step_is(&b, &format!("End of the tour ({n} steps)"));
    let focused = b
        .execute("return document.activeElement.dataset.testid;", vec![])
        .unwrap();
    assert_eq!(
        focused.as_str(),
        Some("tour-restart"),
        "focus moved off the disabled Next"
    );
    let terminal = b.find(&by_testid("embed-panel-terminal")).unwrap().unwrap();
    assert!(b.text(&terminal).unwrap().contains("CrashLoopBackOff"));
    b.screenshot("tour-crashloop-end").unwrap();

    b.click(&b.find(&by_testid("tour-back")).unwrap().unwrap())
        .unwrap();
    step_is(&b, &format!("Step {n} of {n}"));
    b.click(&b.find(&by_testid("tour-restart")).unwrap().unwrap())
        .unwrap();
    step_is(&b, &format!("Step 1 of {n}"));
    assert_eq!(
        b.execute("return localStorage.length;", vec![]).unwrap(),
        serde_json::json!(0),
        "the embed left nothing in localStorage"
    );
}
