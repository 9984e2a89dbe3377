<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>CsvImportDialog</name>
    <message>
        <source>Import insured persons from CSV — {payer}</source>
        <translation>Import ubezpieczonych z CSV — {payer}</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Wybierz plik…</translation>
    </message>
    <message>
        <source>Columns: PESEL; First name; Last name; Insurance title code; Start date (optional: birth date, work time, gross pay, address). UTF-8 or Windows-1250 (Excel), separated by ; or ,</source>
        <translation>Kolumny: PESEL; Imię; Nazwisko; Kod tytułu ubezpieczenia; Data rozpoczęcia (opcjonalnie: data urodzenia, wymiar czasu pracy, wynagrodzenie brutto, adres). UTF-8 lub Windows-1250 (Excel), separator ; lub ,</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Wiersz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <source>PESEL</source>
        <translation>PESEL</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nazwisko</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Imię</translation>
    </message>
    <message>
        <source>Title code</source>
        <translation>Kod tytułu</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Co jest nie tak</translation>
    </message>
    <message>
        <source>Import only the valid rows (skip the rows with errors)</source>
        <translation>Importuj tylko poprawne wiersze (pomiń wiersze z błędami)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importuj</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>Plik CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Pliki CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Odczytywanie pliku…</translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <comment>%n row</comment>
        <translation>
            <numerusform>%n wiersz</numerusform>
            <numerusform>%n wiersze</numerusform>
            <numerusform>%n wierszy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n valid</source>
        <comment>%n valid</comment>
        <translation>
            <numerusform>%n poprawny</numerusform>
            <numerusform>%n poprawne</numerusform>
            <numerusform>%n poprawnych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with errors</source>
        <comment>%n with errors</comment>
        <translation>
            <numerusform>%n z błędami</numerusform>
            <numerusform>%n z błędami</numerusform>
            <numerusform>%n z błędami</numerusform>
        </translation>
    </message>
    <message>
        <source>{counts} (encoding {enc}). Nothing has been written yet.</source>
        <translation>{counts} (kodowanie {enc}). Nic jeszcze nie zapisano.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importowanie…</translation>
    </message>
</context>
</TS>
