<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>MainWindow</name>
    <message>
        <source>Demo workspace</source>
        <translation>Obszar demonstracyjny</translation>
    </message>
    <message>
        <source>Some parts of the demo could not be made:</source>
        <translation>Części obszaru demonstracyjnego nie udało się utworzyć:</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>Przygotowywanie obszaru demonstracyjnego…</translation>
    </message>
</context>
</TS>
