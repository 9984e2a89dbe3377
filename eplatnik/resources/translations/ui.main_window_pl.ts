<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
  <context>
    <name>MainWindow</name>
    <message>
      <source>Dashboard</source>
      <extracomment>if the window is not painted soon after it is shown (started minimised, covered), finish anyway the navigation column: wide enough for "Wysyłka i potwierdzenia" with its icon, no wider the first-time size, when the screen has room for it and a window frame (title bar, borders) (key, module, title source text, name of the QStyle standard icon)</extracomment>
      <translation>Pulpit</translation>
    </message>
    <message>
      <source>Month-end</source>
      <translation>Rozliczenie miesiąca</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Konto</translation>
    </message>
    <message>
      <source>Payers</source>
      <translation>Płatnicy</translation>
    </message>
    <message>
      <source>Insured persons</source>
      <translation>Ubezpieczeni</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>Dokumenty</translation>
    </message>
    <message>
      <source>Submission and receipts</source>
      <translation>Wysyłka i potwierdzenia</translation>
    </message>
    <message>
      <source>Correspondence</source>
      <translation>Korespondencja</translation>
    </message>
    <message>
      <source>E-visits</source>
      <translation>E-wizyty</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Ustawienia</translation>
    </message>
    <message>
      <source>eplatnik — ZUS declarations, signing and submission</source>
      <translation>eplatnik — deklaracje ZUS, podpis i wysyłka</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;Plik</translation>
    </message>
    <message>
      <source>&amp;Back up workspace…</source>
      <translation>&amp;Kopia zapasowa obszaru roboczego…</translation>
    </message>
    <message>
      <source>&amp;Restore workspace…</source>
      <translation>&amp;Przywróć obszar roboczy…</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Zakończ</translation>
    </message>
    <message>
      <source>(accountant not named — Settings)</source>
      <translation>(nie podano — Ustawienia)</translation>
    </message>
    <message>
      <source>{where} · Accountant: {who} ({seat})</source>
      <translation>{where} · Księgowy/księgowa: {who} ({seat})</translation>
    </message>
    <message>
      <source>Office database {url}; this seat's files: {path}</source>
      <translation>Baza biura {url}; pliki tego stanowiska: {path}</translation>
    </message>
    <message>
      <source>&amp;Go</source>
      <translation>&amp;Przejdź</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>Pomo&amp;c</translation>
    </message>
    <message>
      <source>&amp;Guide: the month in six steps</source>
      <translation>&amp;Przewodnik: miesiąc w sześciu krokach</translation>
    </message>
    <message>
      <source>Sending to the real ZUS: ePłatnik and Płatnik…</source>
      <translation>Wysyłka do prawdziwego ZUS: ePłatnik i Płatnik…</translation>
    </message>
    <message>
      <source>&amp;About eplatnik</source>
      <translation>&amp;O programie eplatnik</translation>
    </message>
    <message>
      <source>Backups are made from the command line in this version: eplatnik-cli backup --help</source>
      <translation>W tej wersji kopię zapasową wykonuje się z wiersza poleceń: eplatnik-cli backup --help</translation>
    </message>
    <message>
      <source>Restoring is done from the command line in this version: eplatnik-cli restore --help</source>
      <translation>W tej wersji przywracanie wykonuje się z wiersza poleceń: eplatnik-cli restore --help</translation>
    </message>
    <message>
      <source>About eplatnik</source>
      <translation>O programie eplatnik</translation>
    </message>
    <message>
      <source>eplatnik {version}
Workspace: {path}
Gateway: {profile}</source>
      <translation>eplatnik {version}
Obszar roboczy: {path}
Bramka: {profile}</translation>
    </message>
    <message>
      <source>Gateway: {url}</source>
      <translation>Bramka: {url}</translation>
    </message>
    <message>
      <source>Gateway: ZUS PRODUCTION</source>
      <translation>Bramka: PRODUKCYJNA ZUS</translation>
    </message>
    <message>
      <source>Gateway: SANDBOX (local test, nothing reaches ZUS)</source>
      <translation>Bramka: PIASKOWNICA (lokalny test, nic nie trafia do ZUS)</translation>
    </message>
    <message>
      <source>Office database: {server}/{database}</source>
      <translation>Baza biura: {server}/{database}</translation>
    </message>
    <message>
      <source>Workspace: {path}</source>
      <translation>Obszar roboczy: {path}</translation>
    </message>
  </context>
</TS>
