<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>InsuredDialog</name>
    <message>
        <source>Record a change</source>
        <translation>Zapis zmiany</translation>
    </message>
    <message>
        <source>New insured person</source>
        <translation>Nowy ubezpieczony</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11 cyfr</translation>
    </message>
    <message>
        <source>— (has PESEL)</source>
        <translation>— (ma PESEL)</translation>
    </message>
    <message>
        <source>ID card</source>
        <translation>Dowód osobisty</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Paszport</translation>
    </message>
    <message>
        <source>— (from the PESEL)</source>
        <translation>— (z numeru PESEL)</translation>
    </message>
    <message>
        <source>1/1 (employees only)</source>
        <translation>1/1 (tylko pracownicy)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>voluntary sickness insurance</source>
        <translation>dobrowolne ubezpieczenie chorobowe</translation>
    </message>
    <message>
        <source>PESEL</source>
        <translation>PESEL</translation>
    </message>
    <message>
        <source>Document (no PESEL)</source>
        <translation>Dokument (gdy brak PESEL)</translation>
    </message>
    <message>
        <source>First, second and last name</source>
        <translation>Imię, drugie imię i nazwisko</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Data urodzenia</translation>
    </message>
    <message>
        <source>Insurance title code</source>
        <translation>Kod tytułu ubezpieczenia</translation>
    </message>
    <message>
        <source>Working time (fraction)</source>
        <translation>Wymiar czasu pracy (ułamek)</translation>
    </message>
    <message>
        <source>Gross pay (PLN)</source>
        <translation>Wynagrodzenie brutto (zł)</translation>
    </message>
    <message>
        <source>Insured from – to</source>
        <translation>Ubezpieczony od – do</translation>
    </message>
    <message>
        <source>Street, house</source>
        <translation>Ulica, nr domu</translation>
    </message>
    <message>
        <source>Postal code, city</source>
        <translation>Kod pocztowy, miejscowość</translation>
    </message>
    <message>
        <source>Change effective from</source>
        <translation>Zmiana obowiązuje od</translation>
    </message>
    <message>
        <source>{typed} is taken as {code} (no pension right, no disability): {name}</source>
        <translation>{typed} przyjęto jako {code} (bez prawa do emerytury/renty, bez niepełnosprawności): {name}</translation>
    </message>
    <message>
        <source>Correct the fields marked in red.</source>
        <translation>Popraw pola zaznaczone na czerwono.</translation>
    </message>
</context>
</TS>
