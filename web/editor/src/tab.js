// Tab in the editor: spaces to the next indent stop at the cursor, or the selected lines
// indented by one unit (two spaces: YAML forbids tabs in indentation).

import { EditorSelection } from "@codemirror/state";
import { indentMore } from "@codemirror/commands";
import { getIndentUnit } from "@codemirror/language";

// With a selection, indent its lines (`indentMore`); otherwise insert spaces at each cursor up
// to the next multiple of the indent unit, as editors with "insert spaces" do.
export function softTab(view) {
  const { state } = view;
  if (state.readOnly) return false;
  if (state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  const unit = getIndentUnit(state);
  view.dispatch(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.head);
      const column = range.head - line.from;
      const spaces = " ".repeat(unit - (column % unit));
      return {
        changes: { from: range.head, insert: spaces },
        range: EditorSelection.cursor(range.head + spaces.length),
      };
    }),
    { scrollIntoView: true, userEvent: "input.indent" },
  );
  return true;
}
