<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>window</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>Przygotowywanie obszaru demonstracyjnego…</translation>
    </message>
</context>
</TS>
