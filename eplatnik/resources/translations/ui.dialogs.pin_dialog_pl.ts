<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>PinDialog</name>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Enter the PIN for “{label}”.</source>
        <translation>Wpisz PIN do „{label}”.</translation>
    </message>
    <message>
        <source>Tries left: {n}</source>
        <translation>Pozostało prób: {n}</translation>
    </message>
    <message>
        <source>The PIN goes straight to the card; the program does not keep it.</source>
        <translation>PIN trafia prosto do karty; program go nie zapamiętuje.</translation>
    </message>
</context>
</TS>
