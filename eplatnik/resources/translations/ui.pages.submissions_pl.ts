<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>SubmissionsPage</name>
    <message>
        <source>Submission and receipts</source>
        <translation>Wysyłka i potwierdzenia</translation>
    </message>
    <message>
        <source>Signed declaration sets will be sent to the ZUS gateway from here, and the official receipts kept as evidence. This area is not available in this version yet.</source>
        <translation>Stąd podpisane zestawy dokumentów będą wysyłane do bramki ZUS, a urzędowe potwierdzenia przechowywane jako dowód. Ten obszar nie jest jeszcze dostępny w tej wersji.</translation>
    </message>
    <message>
        <source>Meanwhile use the command line: eplatnik-cli submit --help.</source>
        <translation>Do tego czasu użyj wiersza poleceń: eplatnik-cli submit --help.</translation>
    </message>
</context>
</TS>
