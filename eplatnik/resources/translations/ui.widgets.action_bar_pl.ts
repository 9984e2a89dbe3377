<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ActionBar</name>
    <message>
        <source>More ▾</source>
        <translation>Więcej ▾</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>Więcej działań</translation>
    </message>
</context>
</TS>
