<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>VisitsPage</name>
    <message>
        <source>E-visits</source>
        <translation>E-wizyty</translation>
    </message>
    <message>
        <source>Book a video consultation (e-wizyta) with a ZUS advisor on relief and instalments. This area is not available in this version yet.</source>
        <translation>Rezerwacja wideorozmowy (e-wizyty) z doradcą ZUS ds. ulg i umorzeń. Ten obszar nie jest jeszcze dostępny w tej wersji.</translation>
    </message>
    <message>
        <source>Meanwhile use the command line: eplatnik-cli visits --help.</source>
        <translation>Do tego czasu użyj wiersza poleceń: eplatnik-cli visits --help.</translation>
    </message>
</context>
</TS>
