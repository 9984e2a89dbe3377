<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>PayerDialog</name>
    <message>
        <source>Edit payer</source>
        <translation>Edycja płatnika</translation>
    </message>
    <message>
        <source>New payer</source>
        <translation>Nowy płatnik</translation>
    </message>
    <message>
        <source>9 or 14 digits</source>
        <translation>9 lub 14 cyfr</translation>
    </message>
    <message>
        <source>natural persons only</source>
        <translation>tylko osoby fizyczne</translation>
    </message>
    <message>
        <source>max. 31 characters (KEDU)</source>
        <translation>maks. 31 znaków (KEDU)</translation>
    </message>
    <message>
        <source>{n}/31</source>
        <translation>{n}/31</translation>
    </message>
    <message>
        <source>— (company)</source>
        <translation>— (spółka)</translation>
    </message>
    <message>
        <source>full contributions (duży ZUS)</source>
        <translation>pełne składki (duży ZUS)</translation>
    </message>
    <message>
        <source>preferential base (mały ZUS)</source>
        <translation>preferencyjna podstawa (mały ZUS)</translation>
    </message>
    <message>
        <source>Mały ZUS Plus</source>
        <translation>Mały ZUS Plus</translation>
    </message>
    <message>
        <source>start-up relief (ulga na start)</source>
        <translation>ulga na start</translation>
    </message>
    <message>
        <source>tax scale (skala)</source>
        <translation>skala podatkowa</translation>
    </message>
    <message>
        <source>flat tax (liniowy)</source>
        <translation>podatek liniowy</translation>
    </message>
    <message>
        <source>lump sum (ryczałt)</source>
        <translation>ryczałt</translation>
    </message>
    <message>
        <source>tax card (karta podatkowa)</source>
        <translation>karta podatkowa</translation>
    </message>
    <message>
        <source>Identification</source>
        <translation>Identyfikacja</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>REGON</source>
        <translation>REGON</translation>
    </message>
    <message>
        <source>PESEL</source>
        <translation>PESEL</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Pełna nazwa</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>Nazwa skrócona</translation>
    </message>
    <message>
        <source>Payer type (deadline)</source>
        <translation>Typ płatnika (termin)</translation>
    </message>
    <message>
        <source>First and last name (natural person)</source>
        <translation>Imię i nazwisko (osoba fizyczna)</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Data urodzenia</translation>
    </message>
    <message>
        <source>Address and contact</source>
        <translation>Adres i kontakt</translation>
    </message>
    <message>
        <source>Street, house, flat</source>
        <translation>Ulica, nr domu, nr lokalu</translation>
    </message>
    <message>
        <source>Postal code, city</source>
        <translation>Kod pocztowy, miejscowość</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Insurance and payments</source>
        <translation>Ubezpieczenia i płatności</translation>
    </message>
    <message>
        <source>Accident insurance rate (%)</source>
        <translation>Stopa procentowa ubezpieczenia wypadkowego (%)</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Rachunek bankowy</translation>
    </message>
    <message>
        <source>Own contributions (sole trader)</source>
        <translation>Składki właściciela (JDG)</translation>
    </message>
    <message>
        <source>Tax form (health contribution)</source>
        <translation>Forma opodatkowania (składka zdrowotna)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Uwagi</translation>
    </message>
    <message>
        <source>Correct the fields marked in red.</source>
        <translation>Popraw pola zaznaczone na czerwono.</translation>
    </message>
</context>
</TS>
