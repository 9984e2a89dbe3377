"""The declaration as a person reads it: the official form's blocks and numbered fields, editable.

Shows the pages of ``forms.form_layout`` (one tab per document of the set: DRA, RCA, …). A click on
an editable value opens an editor in place; Enter asks for the change through ``edit_requested``
(the Documents page runs the core edit and the verification again, exactly as for the field list).
Fields with a verification finding are red (error) or orange (warning) and say why in a tooltip. A
correction is marked above the form. Many insured persons are shown ten at a time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...forms.form_layout import FormBlock, FormField, FormPage

PERSONS_PER_PAGE = 10
BLOCK_STYLE = "QLabel#blockTitle { background: #e8eef6; color: #1f3a5f; font-weight: bold; padding: 3px; }"
SECTION_STYLE = "QLabel#sectionTitle { background: #1f3a5f; color: white; font-weight: bold; padding: 3px; }"
BOX_STYLES = {
    None: "QFrame#fieldBox { border: 1px solid #9aa9bd; background: white; }",
    "error": "QFrame#fieldBox { border: 2px solid #c62828; background: #ffebee; }",
    "warning": "QFrame#fieldBox { border: 2px solid #e65100; background: #fff3e0; }",
    "focus": "QFrame#fieldBox { border: 2px solid #1565c0; background: #e3f2fd; }",
}


def _message(finding: dict) -> str:
    from ...i18n import language

    return finding.get(f"message_{language()}") or finding.get("message", "")


class FieldBox(QFrame):
    """One numbered field: the label above, the value below; a click on an editable one edits it."""

    committed = Signal(object, str)  # FormField, the typed text

    def __init__(self, field: FormField, *, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName("fieldBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 1, 4, 2)
        layout.setSpacing(0)
        self.caption = QLabel(field.number if compact else f"{field.number}  {field.label}")
        self.caption.setWordWrap(not compact)
        font = self.caption.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.78))
        self.caption.setFont(font)
        self.caption.setStyleSheet("color: #4a5a70;")
        self.value = QLabel(field.value or " ")
        bold = self.value.font()
        bold.setBold(True)
        self.value.setFont(bold)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if compact or field.kind == "amount":
            self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self.editor: QLineEdit | None = None
        self.severity: str | None = None
        self.setToolTip(field.label if compact else "")
        if field.edit is not None:
            self.setCursor(Qt.CursorShape.IBeamCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab moves through the fields, Enter/F2 edits
            self.setAccessibleName(f"{field.block} {field.number} {field.label}: {field.value}")
        self.mark(None)

    def mark(self, severity: str | None, messages: str = "") -> None:
        self.severity = severity
        self.setStyleSheet(BOX_STYLES[severity])
        tip = self.field.label if self.caption.text() == self.field.number else ""
        self.setToolTip("\n".join(x for x in (tip, messages) if x))

    def mousePressEvent(self, event) -> None:
        if self.field.edit is not None and self.editor is None:
            self.start_edit()
            return
        super().mousePressEvent(event)

    def start_edit(self) -> None:
        self.editor = QLineEdit(self.field.edit_value)
        self.editor.setObjectName("fieldEditor")
        self.editor.setAccessibleName(f"{self.field.block} {self.field.number} {self.field.label}")
        self.layout().replaceWidget(self.value, self.editor)
        self.value.hide()
        self.editor.returnPressed.connect(self._commit)
        self.editor.editingFinished.connect(lambda: QTimer.singleShot(0, self._cancel_if_open))
        self.editor.setFocus()
        self.editor.selectAll()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.editor is not None:
            self._close_editor()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and self.editor is None \
                and self.field.edit is not None:
            self.start_edit()
            return
        super().keyPressEvent(event)

    def _commit(self) -> None:
        if self.editor is None:
            return
        text = self.editor.text()
        self._close_editor()
        if text != self.field.edit_value:
            self.value.setText(text)
            self.committed.emit(self.field, text)

    def _cancel_if_open(self) -> None:
        if self.editor is not None and not self.editor.hasFocus():
            self._close_editor()

    def _close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        self.layout().replaceWidget(editor, self.value)
        editor.hide()
        editor.deleteLater()
        self.value.show()


class FormView(QWidget):
    """The set's documents as forms; ``edit_requested(form, FormField, text)`` asks for a change."""

    edit_requested = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: list[FormPage] = []
        self.findings: list[dict] = []
        self.boxes: list[FieldBox] = []
        self._person_start = 0
        self._focused: tuple | None = None  # (form, block, pole, block_id) shown in blue until another
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabBar()
        self.tabs.setObjectName("formTabs")
        self.tabs.currentChanged.connect(lambda _i: self._render(reset_persons=True))
        layout.addWidget(self.tabs)
        self.correction = QLabel()
        self.correction.setObjectName("correctionBanner")
        self.correction.setStyleSheet("QLabel { color: #b71c1c; font-weight: bold; background: #ffebee; "
                                      "border: 1px solid #b71c1c; padding: 4px; }")
        self.correction.hide()
        layout.addWidget(self.correction)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)
        self.hint = QLabel(self.tr("Click a value to change it, Enter to save, Esc to cancel. The set is verified "
                                   "again after every change."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    # -- content ----------------------------------------------------------------------------------
    def show_pages(self, pages: list[FormPage], findings: list[dict]) -> None:
        current = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        self.pages, self.findings = pages, findings
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for page in pages:
            self.tabs.addTab(f"ZUS {page.form}")
        names = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(names.index(current) if current in names else 0)
        self.tabs.blockSignals(False)
        self._render(reset_persons=False)

    def current_page(self) -> FormPage | None:
        index = self.tabs.currentIndex()
        return self.pages[index] if 0 <= index < len(self.pages) else None

    def _render(self, *, reset_persons: bool) -> None:
        if reset_persons:
            self._person_start = 0
        page = self.current_page()
        self.boxes = []
        content = QWidget()
        content.setObjectName("formContent")
        content.setStyleSheet(BLOCK_STYLE + SECTION_STYLE)
        column = QVBoxLayout(content)
        column.setSpacing(4)
        if page is None:
            self.correction.hide()
            self.scroll.setWidget(content)
            return
        self.correction.setText(page.correction)
        self.correction.setVisible(bool(page.correction))
        title = QLabel(page.title)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setStyleSheet("color: #1f3a5f;")
        column.addWidget(title)
        for block in page.blocks:
            column.addWidget(self._block(page.form, block))
        if page.persons:
            column.addWidget(self._person_pager(len(page.persons)))
            for person in page.persons[self._person_start:self._person_start + PERSONS_PER_PAGE]:
                section = QLabel(person.heading)
                section.setObjectName("sectionTitle")
                section.setWordWrap(True)
                column.addWidget(section)
                for block in person.blocks:
                    column.addWidget(self._block(page.form, block))
        for block in page.closing:
            column.addWidget(self._block(page.form, block))
        column.addStretch(1)
        self.scroll.setWidget(content)
        self._apply_findings()

    def _person_pager(self, total: int) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        first, last = self._person_start + 1, min(total, self._person_start + PERSONS_PER_PAGE)
        label = QLabel(self.tr("Insured persons {first}–{last} of {total}").format(first=first, last=last,
                                                                                   total=total))
        row.addWidget(label)
        row.addStretch(1)
        if total > PERSONS_PER_PAGE:
            back, forward = QPushButton(self.tr("◀ Previous")), QPushButton(self.tr("Next ▶"))
            back.setEnabled(self._person_start > 0)
            forward.setEnabled(last < total)
            back.clicked.connect(lambda: self._move_persons(-PERSONS_PER_PAGE))
            forward.clicked.connect(lambda: self._move_persons(PERSONS_PER_PAGE))
            row.addWidget(back)
            row.addWidget(forward)
        return bar

    def _move_persons(self, delta: int) -> None:
        page = self.current_page()
        if page is None:
            return
        self._person_start = max(0, min(len(page.persons) - 1, self._person_start + delta))
        self._render(reset_persons=False)
        self.scroll.verticalScrollBar().setValue(0)

    def _block(self, form: str, block: FormBlock) -> QWidget:
        frame = QWidget()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        title = QLabel(f"{block.label}. {block.title}")
        title.setObjectName("blockTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        if block.grid is not None:
            grid = QGridLayout()
            grid.setHorizontalSpacing(4)
            grid.setVerticalSpacing(2)
            for i, head in enumerate(block.grid.head, 1):
                caption = QLabel(head)
                caption.setWordWrap(True)
                caption.setStyleSheet("font-weight: bold; color: #1f3a5f;")
                grid.addWidget(caption, 0, i)
            for r, (label, cells) in enumerate(block.grid.rows, 1):
                grid.addWidget(QLabel(label), r, 0)
                for c, cell in enumerate(cells, 1):
                    grid.addWidget(self._box(form, cell, compact=True), r, c)
            for c in range(len(block.grid.head) + 1):
                grid.setColumnStretch(c, 1)
            layout.addLayout(grid)
        if block.text:
            text = QLabel(block.text)
            text.setWordWrap(True)
            layout.addWidget(text)
        if block.fields:
            boxes = QGridLayout()
            boxes.setHorizontalSpacing(4)
            boxes.setVerticalSpacing(4)
            for n, item in enumerate(block.fields):
                boxes.addWidget(self._box(form, item), n // block.columns, n % block.columns)
            if block.signature:
                signature = QLabel(self.tr("Signature: the electronic signature of the KEDU file (Sign…)"))
                signature.setWordWrap(True)
                signature.setStyleSheet("color: #4a5a70; border: 1px dashed #9aa9bd; padding: 4px;")
                boxes.addWidget(signature, 0, 1, 1, max(1, block.columns - 1))
            for c in range(block.columns):
                boxes.setColumnStretch(c, 1)
            layout.addLayout(boxes)
        return frame

    def _box(self, form: str, field: FormField, *, compact: bool = False) -> FieldBox:
        box = FieldBox(field, compact=compact)
        box.setProperty("form", form)
        box.committed.connect(lambda f, text, form=form: self.edit_requested.emit(form, f, text))
        self.boxes.append(box)
        return box

    # -- findings ---------------------------------------------------------------------------------
    def _findings_for(self, form: str, field: FormField) -> list[dict]:
        return [f for f in self.findings if f.get("document") == form and f.get("block") == field.block
                and f.get("field") == field.pole and f.get("block_index") in (None, field.block_id)]

    @staticmethod
    def _key(form: str, field: FormField) -> tuple:
        return (form, field.block, field.pole, field.block_id)

    def _apply_findings(self) -> None:
        for box in self.boxes:
            found = self._findings_for(box.property("form"), box.field)
            if not found:
                if self._focused == self._key(box.property("form"), box.field):
                    box.mark("focus")
                continue
            severity = "error" if any(f.get("severity") == "error" for f in found) else "warning"
            box.mark(severity, "\n".join(f"[{f.get('rule')}] {_message(f)}" for f in found))

    def focus(self, finding: dict) -> bool:
        """Show the field a finding points at (switching document and persons); False if not on a form."""
        for index, page in enumerate(self.pages):
            if page.form != finding.get("document"):
                continue
            persons = [p.block_id for p in page.persons]
            wanted = finding.get("block_index")
            if index != self.tabs.currentIndex():
                self.tabs.setCurrentIndex(index)
            if wanted in persons:
                start = persons.index(wanted) // PERSONS_PER_PAGE * PERSONS_PER_PAGE
                if start != self._person_start:
                    self._person_start = start
                    self._render(reset_persons=False)
            for box in self.boxes:
                f = box.field
                if box.property("form") == page.form and f.block == finding.get("block") \
                        and (not finding.get("field") or f.pole == finding.get("field")) \
                        and wanted in (None, f.block_id):
                    self.scroll.ensureWidgetVisible(box, 40, 80)
                    self._focused = self._key(page.form, f)
                    if box.severity is None:
                        box.mark("focus")
                    box.setFocus()
                    return True
        return False
