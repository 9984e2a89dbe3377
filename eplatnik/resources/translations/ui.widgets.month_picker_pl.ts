<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>MonthPicker</name>
    <message>
        <source>— all periods —</source>
        <translation>— wszystkie okresy —</translation>
    </message>
</context>
</TS>
