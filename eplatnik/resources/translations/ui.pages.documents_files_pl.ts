<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Export KEDU</source>
        <translation>Eksport KEDU</translation>
    </message>
    <message>
        <source>KEDU files (*.xml)</source>
        <translation>Pliki KEDU (*.xml)</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>Zapisano {path}.</translation>
    </message>
    <message>
        <source>Export for ePłatnik / Płatnik</source>
        <translation>Eksport dla ePłatnika / Płatnika</translation>
    </message>
    <message>
        <source>Saved {path} (KEDU {version}).

{steps}</source>
        <translation>Zapisano {path} (KEDU {version}).

{steps}</translation>
    </message>
    <message>
        <source>Import KEDU</source>
        <translation>Import KEDU</translation>
    </message>
    <message>
        <source>Also add payers and insured persons that are missing from the register?</source>
        <translation>Dodać do rejestru brakujących płatników i ubezpieczonych?</translation>
    </message>
    <message>
        <source>Imported {sets} sets ({docs} documents); already present: {same}; new payers: {payers}; new insured persons: {people}.</source>
        <translation>Zaimportowano zestawów: {sets} (dokumentów: {docs}); już obecnych: {same}; nowych płatników: {payers}; nowych ubezpieczonych: {people}.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importowanie…</translation>
    </message>
    <message>
        <source>Print to PDF</source>
        <translation>Wydruk do PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Pliki PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Drukowanie…</translation>
    </message>
</context>
</TS>
