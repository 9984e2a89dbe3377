"""Hand a set to ePłatnik (eZUS) or Płatnik: the real route to ZUS until this program passes ZUS's
acceptance tests for interface software. Both import KEDU files and sign and send there.

Which versions they import (ZUS's own help pages, kept in docs/handoff.md with their addresses):
ePłatnik's "Import dokumentów z KEDU" lists KEDU 3.0, 3.2, 4.0 and 5.0–5.4 ("5.0–5.4 zgodnej z
aplikacją ePłatnik i programem Płatnik 10.2"); its "Eksport dokumentów" writes up to 5.5, again
"zgodnej z aplikacją ePłatnik i programem Płatnik 10.2". So the file is written as KEDU 5.4 by
default — the newest version both pages name for importing — and 5.5–5.7 on request, for a program
known to take them. Whether ePłatnik or Płatnik import 5.6 or 5.7 today is not established.

The content is checked against the KEDU 5.7 schema before it is written under the older namespace
(no 5.4/5.5 schema is public); the structure this program writes did not change between them as far
as is known (kedu_writer.NAMESPACES_BY_VERSION). The file is the set's unsigned content: ePłatnik and
Płatnik sign it themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, atomic_write_text
from ..i18n import Text, t
from . import kedu_schema, kedu_writer
from .model import SetStatus

if TYPE_CHECKING:
    from ..period import Period
    from ..register.service import RegisterService
    from .service import DocumentService, SetInfo

DEFAULT_VERSION = "5.4"


@dataclass(frozen=True)
class Target:
    key: str
    name: str
    versions: tuple[str, ...]   # what the program is documented to import (of those this writer writes)
    steps: Text                 # how to import the file there


TARGETS = {
    "eplatnik": Target("eplatnik", "ePłatnik", ("5.4",), t(
        "ePłatnik (eZUS, www.zus.pl): zaloguj się jako płatnik albo jego pełnomocnik → Dokumenty → Dokumenty "
        "ubezpieczeniowe → Import KEDU → Dalej → wybierz typy dokumentów (domyślnie wszystkie) → Dalej → Wybierz "
        "plik → wskaż plik → Dalej. Zaimportowane dokumenty sprawdź (Weryfikuj), zatwierdź, podpisz (podpis "
        "kwalifikowany, e-dowód albo Profil Zaufany) i wyślij w ePłatniku. Potwierdzenie (UPO) wydaje ZUS w ePłatniku. "
        "Jeśli dane płatnika albo ubezpieczonego różnią się od danych w ZUS, ePłatnik sam utworzy ZIPA/ZIUA — "
        "sprawdź je przed wysłaniem. ePłatnik obsługuje jednego płatnika naraz: importuj plik każdego klienta osobno.",
        "ePłatnik (eZUS, www.zus.pl): log in as the payer or their representative → Dokumenty → Dokumenty "
        "ubezpieczeniowe → Import KEDU → Dalej → choose the document types (all by default) → Dalej → Wybierz plik "
        "→ choose the file → Dalej. Check the imported documents (Weryfikuj), approve, sign (qualified signature, "
        "e-ID or Profil Zaufany) and send in ePłatnik. ZUS issues the receipt (UPO) in ePłatnik. If the payer's or "
        "an insured person's data differ from ZUS's, ePłatnik creates ZIPA/ZIUA itself — check them before sending. "
        "ePłatnik handles one payer at a time: import each client's file separately.")),
    "platnik": Target("platnik", "Płatnik", ("5.4", "5.5"), t(
        "Płatnik (program ZUS, wersja 10.2 importuje KEDU 5.0–5.5): otwórz kartotekę płatnika i wczytaj plik funkcją "
        "importu dokumentów z pliku KEDU (XML) — jej miejsce w menu Twojej wersji opisuje Dokumentacja użytkownika "
        "Płatnika. Zaimportowane dokumenty zweryfikuj, podpisz podpisem kwalifikowanym i wyślij jak dokumenty "
        "utworzone w Płatniku; potwierdzenie (UPO) pobiera Płatnik.",
        "Płatnik (ZUS's program; version 10.2 imports KEDU 5.0–5.5): open the payer's record and load the file with "
        "the import of documents from a KEDU (XML) file — where your version has it in its menus is in Płatnik's "
        "user documentation. Verify the imported documents, sign them with a qualified signature and send them as "
        "documents made in Płatnik; Płatnik collects the receipt (UPO).")),
}

UNKNOWN_TARGET = t("Nieznany program „{value}”: podaj eplatnik albo platnik.",
                   "Unknown program '{value}': give eplatnik or platnik.")
UNKNOWN_VERSION = t("Nie można zapisać KEDU w wersji „{value}”: dostępne są {versions}.",
                    "KEDU version '{value}' cannot be written: available are {versions}.")
NOT_VERIFIED = t("Zestaw nr {id} nie został jeszcze zweryfikowany.", "Set no. {id} has not been verified yet.")
HAS_ERRORS = t("Zestaw nr {id} ma błędy weryfikacji ({n}).", "Set no. {id} has verification errors ({n}).")
FIX_FIRST = t("Popraw błędy i zweryfikuj zestaw (Dokumenty → Weryfikuj), potem wyeksportuj go ponownie.",
              "Fix the errors and verify the set (Documents → Verify), then export it again.")
INVALID = t("Zestaw nr {id} nie jest zgodny ze schematem KEDU ({count} błędów): {first}",
            "Set no. {id} does not match the KEDU schema ({count} errors): {first}")
NO_SET = t("brak zestawu za ten okres", "no set for this period")
README_NAME = "JAK-ZAIMPORTOWAC.txt"


class BadChoice(UserFacingError):
    exit_code = 2  # invalid input: nothing is written


def target(key: str) -> Target:
    try:
        return TARGETS[key.strip().lower()]
    except KeyError:
        raise BadChoice(UNKNOWN_TARGET(value=key)) from None


def check_version(version: str | None) -> str:
    version = version or DEFAULT_VERSION
    if version not in kedu_writer.NAMESPACES_BY_VERSION:
        raise BadChoice(UNKNOWN_VERSION(value=version, versions=", ".join(kedu_writer.NAMESPACES_BY_VERSION)))
    return version


def file_name(info: SetInfo, tgt: Target, version: str) -> str:
    return (f"{info.payer_nip}_{info.period or 'zgloszenie'}_{info.number}_{tgt.key}"
            f"_KEDU_{version.replace('.', '_')}.xml")


def problem(service: DocumentService, info: SetInfo) -> Text | None:
    """Why the set cannot be handed over yet (None when it can): a draft not verified, or with errors."""
    errors = sum(1 for f in service.stored_findings(info.id) if f.get("severity") == "error")
    if errors:
        return HAS_ERRORS(id=info.id, n=errors)
    if info.status == SetStatus.DRAFT:
        return NOT_VERIFIED(id=info.id)
    return None


def kedu_bytes(service: DocumentService, set_id: int, version: str | None = None) -> bytes:
    """The set's content as a KEDU file of ``version`` (checked against the 5.7 schema first)."""
    version = check_version(version)
    info = service.get_info(set_id)
    why = problem(service, info)
    if why is not None:
        raise UserFacingError(why, hint=FIX_FIRST)
    ds = service.get_set(set_id)
    created = service.app.clock.today()
    problems = kedu_schema.validate_bytes(kedu_writer.write_set(ds, created=created), service.official_schema)
    if problems:
        raise UserFacingError(INVALID(id=set_id, count=len(problems), first=str(problems[0])), hint=FIX_FIRST)
    return kedu_writer.write_set(ds, namespace=kedu_writer.namespace_for(version), created=created)


def export_set(service: DocumentService, set_id: int, path: Path | str, target_key: str,
               version: str | None = None) -> Path:
    """Write one set for ePłatnik or Płatnik (atomically); nothing is written when it cannot be."""
    target(target_key)
    data = kedu_bytes(service, set_id, version)
    atomic_write_bytes(Path(path), data)
    return Path(path)


@dataclass
class MonthExport:
    folder: Path
    target: Target
    version: str
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, Text]] = field(default_factory=list)  # (NIP, client, why)


def export_month(service: DocumentService, register: RegisterService, period: Period, folder: Path | str,
                 target_key: str, version: str | None = None, payer_ids: list[int] | None = None) -> MonthExport:
    """Every client's latest monthly set for ``period`` (a correction if there is one), one file per
    client — ePłatnik works with one payer at a time — and a text file with the import steps.
    Clients without a set ready for hand-over are listed with the reason."""
    tgt, version = target(target_key), check_version(version)
    out = MonthExport(Path(folder), tgt, version)
    wanted = set(payer_ids) if payer_ids is not None else None
    ready: list[tuple[SetInfo, bytes]] = []
    for payer in register.list_payers():
        if wanted is not None and payer.id not in wanted:
            continue
        info = service.latest_monthly(payer.id, period)  # type: ignore[arg-type]
        if info is None:
            out.skipped.append((payer.nip, payer.short_name, NO_SET))
            continue
        try:
            ready.append((info, kedu_bytes(service, info.id, version)))
        except UserFacingError as exc:
            out.skipped.append((payer.nip, payer.short_name, exc.text))
    for info, data in ready:
        path = out.folder / file_name(info, tgt, version)
        atomic_write_bytes(path, data)
        out.files.append(path)
    if out.files:
        atomic_write_text(out.folder / README_NAME, readme(tgt, version, period, out))
    return out


def readme(tgt: Target, version: str, period: Period, result: MonthExport, lang: str = "pl") -> str:
    lines = [t("Pliki KEDU {version} za {period} dla programu {name}", "KEDU {version} files for {period} for "
               "{name}")(version=version, period=str(period), name=tgt.name).render(lang), "",
             tgt.steps.render(lang), "", t("Pliki:", "Files:").render(lang)]
    lines += [f"  {p.name}" for p in result.files]
    if result.skipped:
        lines += ["", t("Bez pliku:", "Without a file:").render(lang)]
        lines += [f"  {nip} {name}: {why.render(lang)}" for nip, name, why in result.skipped]
    lines += ["", t("Pliki przygotował program eplatnik. Dokumentem wysłanym do ZUS jest to, co podpiszesz i wyślesz "
                    "w programie {name}; potwierdzenie piaskownicy eplatnik nie jest potwierdzeniem ZUS.",
                    "The files were prepared by eplatnik. The document sent to ZUS is what you sign and send in "
                    "{name}; an eplatnik sandbox receipt is not a ZUS receipt.")(name=tgt.name).render(lang)]
    return "\r\n".join(lines) + "\r\n"
