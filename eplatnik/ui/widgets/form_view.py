"""The declaration as a person reads it: the official form's blocks and numbered fields, editable.

Shows the pages of ``forms.form_layout`` (one tab per document of the set: DRA, RCA, …). A click on
an editable value opens an editor in place; Enter asks for the change through ``edit_requested``
(the Documents page runs the core edit and the verification again, exactly as for the field list).
Fields with a verification finding are red (error) or orange (warning) and say why in a tooltip. A
correction is marked above the form. Many insured persons are shown ten at a time.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...forms.form_layout import FormBlock, FormField, FormPage

PERSONS_PER_PAGE = 10
# Colours: no style sheets on the form's hundreds of widgets (style-sheet polishing made showing a
# 20-person RCA take half a second); boxes paint themselves, titles use a palette.
BOX_COLOURS = {None: ("#9aa9bd", "#ffffff", 1), "error": ("#c62828", "#ffebee", 2),
               "warning": ("#e65100", "#fff3e0", 2), "focus": ("#1565c0", "#e3f2fd", 2)}
_LOOK: dict | None = None


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


def _look() -> dict:
    """Fonts and palettes, made once: caption, value, block title, section title."""
    global _LOOK
    if _LOOK is None:
        caption = QApplication.font()
        caption.setPointSizeF(max(6.5, caption.pointSizeF() * 0.78))
        bold = QApplication.font()
        bold.setBold(True)
        _LOOK = {"caption": caption, "bold": bold, "caption_metrics": QFontMetrics(caption),
                 "bold_metrics": QFontMetrics(bold), "wrap": int(Qt.TextFlag.TextWordWrap),
                 "block": _palette("#e8eef6", "#1f3a5f"), "section": _palette("#1f3a5f", "#ffffff")}
    return _LOOK


def title_label(text: str, kind: str) -> QLabel:
    """A block's ("block") or an insured person's ("section") title bar."""
    label = QLabel(text)
    label.setObjectName("blockTitle" if kind == "block" else "sectionTitle")
    label.setWordWrap(True)
    label.setFont(_look()["bold"])
    label.setPalette(_look()[kind])
    label.setAutoFillBackground(True)
    label.setMargin(3)
    return label


def _message(finding: dict) -> str:
    from ...i18n import language

    return finding.get(f"message_{language()}") or finding.get("message", "")


class FieldBox(QWidget):
    """One numbered field, painted: its number and label above, its value below. One widget per field
    (a frame with two labels and a layout made a 10-person RCA take 0.3 s to show). A click, Enter or
    F2 on an editable one opens an editor over the value."""

    committed = Signal(object, str)  # FormField, the typed text
    PAD = 4

    def __init__(self, field: FormField, *, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.compact = compact
        self.shown_value = field.value
        self.setObjectName("fieldBox")
        self.caption = field.number if compact else f"{field.number}  {field.label}"
        self.editor: QLineEdit | None = None
        self.severity: str | None = None
        self._measured: tuple[int, int] = (-1, 0)  # (width, caption height) last worked out
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(field.label if compact else "")
        if field.edit is not None:
            self.setCursor(Qt.CursorShape.IBeamCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab moves through the fields, Enter/F2 edits
        self.setAccessibleName(f"{field.block} {field.number} {field.label}: {field.value}")

    # -- size and looks ---------------------------------------------------------------------------
    def _caption_height(self, width: int) -> int:
        look = _look()
        if self.compact:
            return look["caption_metrics"].height()
        if self._measured[0] != width:  # layouts ask many times for the same width
            box = QRect(0, 0, max(20, width - 2 * self.PAD), 1000)
            self._measured = (width, look["caption_metrics"].boundingRect(box, look["wrap"], self.caption).height())
        return self._measured[1]

    def heightForWidth(self, width: int) -> int:
        return self._caption_height(width) + _look()["bold_metrics"].height() + 2 * self.PAD

    def sizeHint(self):

        width = max(90 if self.compact else 150,
                    _look()["bold_metrics"].horizontalAdvance(self.shown_value) + 2 * self.PAD + 4)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self):

        return QSize(60, self.heightForWidth(120))

    def mark(self, severity: str | None, messages: str = "") -> None:
        if severity != self.severity:
            self.severity = severity
            self.update()
        tip = self.field.label if self.compact else ""
        self.setToolTip("\n".join(x for x in (tip, messages) if x))

    def paintEvent(self, event) -> None:
        border, background, width = BOX_COLOURS.get(self.severity, BOX_COLOURS[None])
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(background))
        painter.setPen(QPen(QColor(border), width))
        painter.drawRect(self.rect().adjusted(width // 2, width // 2, -((width + 1) // 2), -((width + 1) // 2)))
        inner = self.rect().adjusted(self.PAD, self.PAD // 2, -self.PAD, -self.PAD // 2)
        caption_h = self._caption_height(self.width())
        painter.setFont(_look()["caption"])
        painter.setPen(QColor("#4a5a70"))
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), caption_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                         self.caption)
        if self.editor is None:
            painter.setFont(_look()["bold"])
            painter.setPen(QColor("#000000"))
            right = self.compact or self.field.kind == "amount"
            align = (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | \
                Qt.AlignmentFlag.AlignBottom
            painter.drawText(inner, int(align), self.shown_value)
        painter.end()

    # -- editing ----------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if self.field.edit is not None and self.editor is None:
            self.start_edit()
            return
        super().mousePressEvent(event)

    def start_edit(self) -> None:

        self.editor = QLineEdit(self.field.edit_value, self)
        self.editor.setObjectName("fieldEditor")
        self.editor.setAccessibleName(f"{self.field.block} {self.field.number} {self.field.label}")
        height = _look()["bold_metrics"].height() + 6
        self.editor.setGeometry(2, max(2, self.height() - height - 2), self.width() - 4, height)
        self.editor.returnPressed.connect(self._commit)
        self.editor.editingFinished.connect(lambda: QTimer.singleShot(0, self._cancel_if_open))
        self.editor.show()
        self.editor.setFocus()
        self.editor.selectAll()
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.editor is not None:
            geometry = self.editor.geometry()
            self.editor.setGeometry(2, max(2, self.height() - geometry.height() - 2), self.width() - 4,
                                    geometry.height())

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
            self.shown_value = text
            self.update()
            self.committed.emit(self.field, text)

    def _cancel_if_open(self) -> None:
        if self.editor is not None and not self.editor.hasFocus():
            self._close_editor()

    def _close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        editor.hide()
        editor.deleteLater()
        self.setFocus()
        self.update()


class FormView(QWidget):
    """The set's documents as forms; ``edit_requested(form, FormField, text)`` asks for a change."""

    edit_requested = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: list[FormPage] = []
        self.findings: list[dict] = []
        self._rendered: dict[int, tuple[QScrollArea, list[FieldBox]]] = {}  # tab → its page, built once
        self._starts: dict[int, int] = {}  # tab → the first insured person shown
        self._focused: tuple | None = None  # (form, block, pole, block_id) shown in blue until another
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabBar()
        self.tabs.setObjectName("formTabs")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)
        self.correction = QLabel()
        self.correction.setObjectName("correctionBanner")
        self.correction.setStyleSheet("QLabel { color: #b71c1c; font-weight: bold; background: #ffebee; "
                                      "border: 1px solid #b71c1c; padding: 4px; }")
        self.correction.hide()
        layout.addWidget(self.correction)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.hint = QLabel(self.tr("Click a value to change it, Enter to save, Esc to cancel. The set is verified "
                                   "again after every change."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    # -- content ----------------------------------------------------------------------------------
    @property
    def boxes(self) -> list[FieldBox]:
        """The field boxes of the document shown."""
        found = self._rendered.get(self.tabs.currentIndex())
        return found[1] if found else []

    @property
    def _person_start(self) -> int:
        return self._starts.get(self.tabs.currentIndex(), 0)

    @_person_start.setter
    def _person_start(self, value: int) -> None:
        self._starts[self.tabs.currentIndex()] = value

    @property
    def scroll(self) -> QScrollArea | None:
        found = self._rendered.get(self.tabs.currentIndex())
        return found[0] if found else None

    def _forget(self, index: int | None = None) -> None:
        """Drop built pages (all, or one tab's) so they are built again from the current data."""
        for i in [index] if index is not None else list(self._rendered):
            area, _boxes = self._rendered.pop(i, (None, None))
            if area is not None:
                self.stack.removeWidget(area)
                area.deleteLater()

    def _tab_changed(self, index: int) -> None:
        """Another document: shown at once if it was built already, else built now."""
        page = self.current_page()
        self.correction.setText(page.correction if page else "")
        self.correction.setVisible(bool(page and page.correction))
        if index in self._rendered:
            self.stack.setCurrentWidget(self._rendered[index][0])
        else:
            self._render(reset_persons=True)

    def show_pages(self, pages: list[FormPage], findings: list[dict], key: object = None) -> None:
        """Show a set's pages; ``key`` (the set's id) says whether it is the set already shown, whose
        document tab and insured persons stay where they were."""
        current = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        same = key is not None and key == getattr(self, "_set_key", None)
        # the same set again (another seat changed something): the page stays where the person had scrolled
        area = self.scroll if same else None
        kept = (area.verticalScrollBar().value(), area.horizontalScrollBar().value()) if area is not None else None
        if not same:
            self._starts.clear()
        self._set_key = key
        self.pages, self.findings = pages, findings
        self._forget()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for page in pages:
            self.tabs.addTab(f"ZUS {page.form}")
        names = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(names.index(current) if current in names else 0)
        self.tabs.blockSignals(False)
        self._render(reset_persons=False)
        if kept is not None and self.tabs.tabText(self.tabs.currentIndex()) == current:
            self._scroll_to(*kept)

    def _scroll_to(self, vertical: int, horizontal: int) -> None:
        """Once the new page is laid out (its scroll range known): where the old one was scrolled to."""
        area = self.scroll

        def go() -> None:
            if area is not None and area is self.scroll:
                area.verticalScrollBar().setValue(vertical)
                area.horizontalScrollBar().setValue(horizontal)

        go()
        QTimer.singleShot(0, self, go)

    def current_page(self) -> FormPage | None:
        index = self.tabs.currentIndex()
        return self.pages[index] if 0 <= index < len(self.pages) else None

    def _render(self, *, reset_persons: bool) -> None:
        """Build the current document's page (the ten persons from ``_person_start`` for RCA/RSA)."""
        if reset_persons:
            self._person_start = 0
        index = self.tabs.currentIndex()
        page = self.current_page()
        self._forget(index)
        self._building: list[FieldBox] = []
        content = QWidget()
        content.setObjectName("formContent")
        column = QVBoxLayout(content)
        column.setSpacing(4)
        if page is None:
            self.correction.hide()
            return
        self.correction.setText(page.correction)
        self.correction.setVisible(bool(page.correction))
        title = QLabel(page.title)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setPalette(_look()["block"])
        column.addWidget(title)
        for block in page.blocks:
            column.addWidget(self._block(page.form, block))
        if page.persons:
            column.addWidget(self._person_pager(len(page.persons)))
            for person in page.persons[self._person_start:self._person_start + PERSONS_PER_PAGE]:
                column.addWidget(title_label(person.heading, "section"))
                for block in person.blocks:
                    column.addWidget(self._block(page.form, block))
        for block in page.closing:
            column.addWidget(self._block(page.form, block))
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(content)
        self._rendered[index] = (area, self._building)
        self.stack.addWidget(area)
        self.stack.setCurrentWidget(area)
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
        if self.scroll is not None:
            self.scroll.verticalScrollBar().setValue(0)

    def _block(self, form: str, block: FormBlock) -> QWidget:
        frame = QWidget()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(title_label(f"{block.label}. {block.title}", "block"))
        if block.grid is not None:
            grid = QGridLayout()
            grid.setHorizontalSpacing(4)
            grid.setVerticalSpacing(2)
            for i, head in enumerate(block.grid.head, 1):
                caption = QLabel(head)
                caption.setWordWrap(True)
                caption.setFont(_look()["bold"])
                caption.setPalette(_look()["block"])
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
        self._building.append(box)
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
                    if self.scroll is not None:
                        self.scroll.ensureWidgetVisible(box, 40, 80)
                    self._focused = self._key(page.form, f)
                    if box.severity is None:
                        box.mark("focus")
                    box.setFocus()
                    return True
        return False
