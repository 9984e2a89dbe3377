<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>GuideDialog</name>
    <message>
        <source>Guide — eplatnik</source>
        <translation>Przewodnik — eplatnik</translation>
    </message>
</context>
</TS>
