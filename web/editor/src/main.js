// podscope's code editor: CodeMirror 6 behind a narrow API that the wasm app calls.
//
// The bundle sets `window.podscopeEditor` and fires `podscope-editor-ready` on window; the app
// (crates/podscope-web/src/editor.rs) shows a plain textarea until then and swaps this editor
// in after its first diagram, keeping the text and the cursor. Nothing here reads or decides
// anything about Kubernetes: the core's diagnostics arrive already placed (line, UTF-16
// columns), the text goes back on every change.

import { EditorState, Compartment, Annotation, EditorSelection } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
} from "@codemirror/view";
import {
  defaultKeymap, history, historyKeymap, indentLess, indentMore,
} from "@codemirror/commands";
import {
  HighlightStyle, syntaxHighlighting, indentOnInput, indentUnit, bracketMatching,
} from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { search, searchKeymap } from "@codemirror/search";
import { tags } from "@lezer/highlight";
import { theme } from "./theme.js";
import { softTab } from "./tab.js";

// Marks the transactions the app makes (setText): they are not the user's edits, so they are
// not sent back.
const fromApp = Annotation.define();

// YAML's colours as CSS variables (web/css/editor.css sets them for light and dark), on the
// tags @lezer/yaml gives its nodes (`yamlHighlighting` in @lezer/yaml).
const highlight = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: "var(--ed-key)" },
  { tag: tags.string, color: "var(--ed-string)" },
  { tag: tags.special(tags.string), color: "var(--ed-meta)" },
  { tag: tags.lineComment, color: "var(--ed-comment)", fontStyle: "italic" },
  { tag: [tags.meta, tags.keyword, tags.attributeValue], color: "var(--ed-meta)" },
  { tag: [tags.labelName, tags.typeName], color: "var(--ed-tag)" },
  { tag: tags.separator, color: "var(--ed-punct)" },
]);

// Whether the page is dark: `data-theme` on <html> (the theme toggle), else the system's
// `prefers-color-scheme`.
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
function pageTheme() {
  const chosen = document.documentElement.getAttribute("data-theme");
  if (chosen === "dark" || chosen === "light") return chosen;
  return systemDark.matches ? "dark" : "light";
}

const SEVERITY = { error: "error", warning: "warning", notice: "info" };

// A position from a 1-based line and a 0-based UTF-16 column, clamped into the document.
function position(doc, line, column) {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return l.from + Math.min(Math.max(0, column), l.length);
}

// Makes an editor in `parent` with `text`; `onChange(text)` gets the whole text after every
// edit the user makes. `options.cursor` is a UTF-16 offset to put the cursor at,
// `options.focus` focuses the editor, `options.label` is its accessible name,
// `options.attributes` more attributes for the editable element (data-testid).
function create(parent, text, onChange, options = {}) {
  const dark = new Compartment();
  const cursor = Math.min(Math.max(0, options.cursor ?? 0), text.length);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      selection: EditorSelection.cursor(cursor),
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        yaml(),
        syntaxHighlighting(highlight),
        lintGutter(),
        search({ top: true }),
        keymap.of([
          ...searchKeymap,
          ...historyKeymap,
          ...lintKeymap,
          // Tab indents with spaces; Escape then Tab moves the focus on (the view's tab focus
          // mode, see @codemirror/commands' `indentWithTab`).
          { key: "Tab", run: softTab, shift: indentLess, preventDefault: true },
          { key: "Mod-]", run: indentMore },
          ...defaultKeymap,
        ]),
        theme,
        dark.of(EditorView.darkTheme.of(pageTheme() === "dark")),
        EditorView.contentAttributes.of({
          "aria-label": options.label ?? "Code",
          autocapitalize: "off",
          autocorrect: "off",
          spellcheck: "false",
          ...(options.attributes ?? {}),
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((t) => t.annotation(fromApp))) {
            onChange(update.state.doc.toString());
          }
        }),
      ],
    }),
  });

  const setTheme = (name) =>
    view.dispatch({ effects: dark.reconfigure(EditorView.darkTheme.of(name === "dark")) });
  const follow = () => setTheme(pageTheme());
  const observer = new MutationObserver(follow);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  systemDark.addEventListener("change", follow);

  if (options.focus) view.focus();
  view.dispatch({ effects: EditorView.scrollIntoView(cursor) });
  performance.mark("podscope:editor-ready");

  return {
    // Replaces the whole text (an example loaded, a share link): the cursor goes to the start
    // when it would fall outside; undo brings the old text back.
    setText(next) {
      const old = view.state.doc.toString();
      if (old === next) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: next },
        selection: EditorSelection.cursor(Math.min(view.state.selection.main.head, next.length)),
        annotations: fromApp.of(true),
      });
    },
    getText() {
      return view.state.doc.toString();
    },
    // `list`: [{line, from, to, severity: "error"|"warning"|"notice", message}], `from` and
    // `to` UTF-16 columns on `line` (1-based).
    setDiagnostics(list) {
      const doc = view.state.doc;
      const diagnostics = Array.from(list, (d) => ({
        from: position(doc, d.line, d.from),
        to: position(doc, d.line, d.to),
        severity: SEVERITY[d.severity] ?? "error",
        message: d.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    // Puts the cursor at a 1-based line and a 0-based UTF-16 column, shows it, focuses.
    focusAt(line, column) {
      const at = position(view.state.doc, line, column);
      view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      view.focus();
    },
    setTheme,
    destroy() {
      observer.disconnect();
      systemDark.removeEventListener("change", follow);
      view.destroy();
    },
  };
}

// Where the cursor is in the editor that holds `element`: {line (1-based), column (0-based,
// UTF-16)}, or null. For tests and tools.
function selectionOf(element) {
  const view = EditorView.findFromDOM(element.closest(".cm-editor") ?? element);
  if (!view) return null;
  const head = view.state.selection.main.head;
  const line = view.state.doc.lineAt(head);
  return { line: line.number, column: head - line.from };
}

// The text of the editor that holds `element`, or null. For tests and tools.
function textOf(element) {
  const view = EditorView.findFromDOM(element.closest(".cm-editor") ?? element);
  return view ? view.state.doc.toString() : null;
}

window.podscopeEditor = Object.freeze({ create, selectionOf, textOf });
performance.mark("podscope:editor-bundle");
window.dispatchEvent(new Event("podscope-editor-ready"));
