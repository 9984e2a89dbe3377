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
        <source>Certificate file password</source>
        <translation>Hasło do pliku certyfikatu</translation>
    </message>
    <message>
        <source>Card PIN</source>
        <translation>PIN karty</translation>
    </message>
    <message>
        <source>Enter the password of the certificate file “{label}”.</source>
        <translation>Wpisz hasło do pliku certyfikatu „{label}”.</translation>
    </message>
    <message>
        <source>Tries left: {n}</source>
        <translation>Pozostało prób: {n}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>The password only opens the file for this signing; the program does not keep it.</source>
        <translation>Hasło służy tylko do otwarcia pliku na czas podpisu; program go nie zapamiętuje.</translation>
    </message>
    <message>
        <source>The PIN goes straight to the card; the program does not keep it.</source>
        <translation>PIN trafia prosto do karty; program go nie zapamiętuje.</translation>
    </message>
</context>
</TS>
