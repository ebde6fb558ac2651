// The editor's look: every colour is a CSS variable of the page (web/style.css) or of
// web/css/editor.css, so the light and dark themes and the theme toggle need no JS.

import { EditorView } from "@codemirror/view";

export const theme = EditorView.theme({
  "&": {
    height: "100%",
    color: "var(--fg)",
    backgroundColor: "var(--panel)",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--pod-line)", outlineOffset: "-2px" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    lineHeight: "1.5",
  },
  ".cm-content": { caretColor: "var(--fg)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--ed-selection)" },
  ".cm-activeLine": { backgroundColor: "var(--ed-active-line)" },
  ".cm-gutters": {
    backgroundColor: "var(--panel)",
    color: "var(--muted)",
    borderRight: "1px solid var(--line)",
  },
  ".cm-activeLineGutter": { backgroundColor: "var(--ed-active-line)", color: "var(--fg)" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 8px", minWidth: "3ch" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--err)", textUnderlineOffset: "3px" },
  ".cm-lintRange-warning": { backgroundImage: "none", textDecoration: "underline wavy var(--notice)", textUnderlineOffset: "3px" },
  ".cm-lintRange-info": { backgroundImage: "none", textDecoration: "underline dotted var(--muted)", textUnderlineOffset: "3px" },
  ".cm-tooltip": {
    backgroundColor: "var(--panel)",
    color: "var(--fg)",
    border: "1px solid var(--line)",
    borderRadius: "6px",
  },
  ".cm-tooltip-lint": { maxWidth: "min(36em, 90vw)" },
  ".cm-diagnostic": { fontFamily: "inherit", whiteSpace: "pre-wrap" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--err)" },
  ".cm-diagnostic-warning": { borderLeftColor: "var(--notice)" },
  ".cm-diagnostic-info": { borderLeftColor: "var(--muted)" },
  ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--line)" },
  ".cm-panel input, .cm-panel button": { font: "inherit", color: "var(--fg)" },
  ".cm-searchMatch": { backgroundColor: "var(--ed-match)" },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "var(--ed-match-selected)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: "var(--ed-match)" },
});
