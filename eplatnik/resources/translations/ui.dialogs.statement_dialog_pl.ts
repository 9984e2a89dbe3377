<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>StatementDialog</name>
    <message>
        <source>Import a bank statement — {name}</source>
        <translation>Import wyciągu bankowego — {name}</translation>
    </message>
    <message>
        <source>CSV columns</source>
        <translation>Kolumny CSV</translation>
    </message>
    <message>
        <source>recognised automatically</source>
        <translation>rozpoznany automatycznie</translation>
    </message>
    <message>
        <source>Bank layout</source>
        <translation>Układ banku</translation>
    </message>
    <message>
        <source>Booking date</source>
        <translation>Data księgowania</translation>
    </message>
    <message>
        <source>Amount (minus = paid out)</source>
        <translation>Kwota (minus = wypłata)</translation>
    </message>
    <message>
        <source>Counterparty account</source>
        <translation>Rachunek kontrahenta</translation>
    </message>
    <message>
        <source>Counterparty name</source>
        <translation>Nazwa kontrahenta</translation>
    </message>
    <message>
        <source>Transfer title</source>
        <translation>Tytuł przelewu</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Wiersz</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>Kontrahent</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tytuł</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importuj</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>już zaimportowana</translation>
    </message>
    <message>
        <source>payment: {name} (NIP {nip})</source>
        <translation>wpłata: {name} (NIP {nip})</translation>
    </message>
    <message>
        <source>ignored: {why}</source>
        <translation>pominięta: {why}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(brak)</translation>
    </message>
    <message>
        <source>{fmt}, encoding {enc}: {n} transactions — {m} contribution payments, {i} ignored, {d} already imported.</source>
        <translation>{fmt}, kodowanie {enc}: {n} operacji — {m} wpłat składek, {i} pominiętych, {d} już zaimportowanych.</translation>
    </message>
</context>
</TS>
