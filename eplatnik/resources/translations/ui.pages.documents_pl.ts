<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Documents</source>
        <translation>Dokumenty</translation>
    </message>
    <message>
        <source>Monthly declaration sets (ZUS DRA with RCA/RSA) and registration documents (ZUA, ZZA, ZWUA, ZIUA) will be prepared, verified and printed here. This area is not available in this version yet.</source>
        <translation>Tutaj będą przygotowywane, weryfikowane i drukowane miesięczne zestawy dokumentów (ZUS DRA z RCA/RSA) oraz zgłoszenia (ZUA, ZZA, ZWUA, ZIUA). Ten obszar nie jest jeszcze dostępny w tej wersji.</translation>
    </message>
    <message>
        <source>Meanwhile use the command line: eplatnik-cli kedu --help.</source>
        <translation>Do tego czasu użyj wiersza poleceń: eplatnik-cli kedu --help.</translation>
    </message>
</context>
</TS>
