<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About eplatnik</source>
        <translation>O programie eplatnik</translation>
    </message>
    <message>
        <source>Register of payers, KEDU declarations, signing and submission to ZUS</source>
        <translation>Rejestr płatników, deklaracje KEDU, podpis i wysyłka do ZUS</translation>
    </message>
    <message>
        <source>{licence} — free software: you may use, study, share and change it (&lt;a href=&quot;{url}&quot;&gt;GNU GPL v3&lt;/a&gt;)</source>
        <translation>{licence} — wolne oprogramowanie: możesz go używać, poznawać, rozpowszechniać i zmieniać (&lt;a href=&quot;{url}&quot;&gt;GNU GPL v3&lt;/a&gt;)</translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation>Licencja:</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>Bramka:</translation>
    </message>
    <message>
        <source>Workspace:</source>
        <translation>Obszar roboczy:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Baza danych:</translation>
    </message>
    <message>
        <source>Documents (evidence):</source>
        <translation>Dokumenty (dowody):</translation>
    </message>
    <message>
        <source>Logs:</source>
        <translation>Dzienniki:</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>Kopie zapasowe:</translation>
    </message>
    <message>
        <source>Database schema:</source>
        <translation>Schemat bazy danych:</translation>
    </message>
    <message>
        <source>Runtime:</source>
        <translation>Środowisko:</translation>
    </message>
    <message>
        <source>Open workspace folder</source>
        <translation>Otwórz katalog roboczy</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopiuj szczegóły</translation>
    </message>
</context>
</TS>
