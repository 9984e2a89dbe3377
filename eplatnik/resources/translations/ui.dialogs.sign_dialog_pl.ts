<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign</source>
        <translation>Podpisz</translation>
    </message>
    <message>
        <source>Certificate file (.p12 / .pfx)</source>
        <translation>Plik certyfikatu (.p12 / .pfx)</translation>
    </message>
    <message>
        <source>Smart card or token (PKCS#11)</source>
        <translation>Karta kryptograficzna lub token (PKCS#11)</translation>
    </message>
    <message>
        <source>e.g. /usr/lib/libcryptoCertum3PKCS.so</source>
        <translation>np. /usr/lib/libcryptoCertum3PKCS.so</translation>
    </message>
    <message>
        <source>Find cards</source>
        <translation>Znajdź karty</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>Moduł PKCS#11</translation>
    </message>
    <message>
        <source>Card (token)</source>
        <translation>Karta (token)</translation>
    </message>
    <message>
        <source>Documents to sign: {n}. You will be asked for the password or PIN once.</source>
        <translation>Dokumentów do podpisania: {n}. Hasło lub PIN zostanie zapytane jeden raz.</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>Pliki PKCS#12 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Give the path of the card&apos;s PKCS#11 module first.</source>
        <translation>Najpierw podaj ścieżkę modułu PKCS#11 karty.</translation>
    </message>
    <message>
        <source>No card found in the readers.</source>
        <translation>W czytnikach nie znaleziono karty.</translation>
    </message>
    <message>
        <source>Choose an existing .p12/.pfx file.</source>
        <translation>Wskaż istniejący plik .p12/.pfx.</translation>
    </message>
    <message>
        <source>Give the PKCS#11 module and the card.</source>
        <translation>Podaj moduł PKCS#11 i wybierz kartę.</translation>
    </message>
</context>
</TS>
