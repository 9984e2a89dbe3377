<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AuthorisationDialog</name>
    <message>
        <source>New authorisation</source>
        <translation>Nowe pełnomocnictwo</translation>
    </message>
    <message>
        <source>indefinite</source>
        <translation>bezterminowo</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Płatnik</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation>Księgowy/księgowa</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Zakres</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Ważne od</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Ważne do</translation>
    </message>
    <message>
        <source>Reference (e.g. ZUS-PEL number)</source>
        <translation>Sygnatura (np. numer ZUS-PEL)</translation>
    </message>
    <message>
        <source>Choose the payer and name the accountant.</source>
        <translation>Wybierz płatnika i podaj imię i nazwisko księgowego.</translation>
    </message>
</context>
<context>
    <name>PayersPage</name>
    <message>
        <source>Payers</source>
        <translation>Płatnicy</translation>
    </message>
    <message>
        <source>Search by name, NIP or REGON…</source>
        <translation>Szukaj po nazwie, NIP lub REGON…</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>Pokaż zarchiwizowanych</translation>
    </message>
    <message>
        <source>Add payer…</source>
        <translation>Dodaj płatnika…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edytuj…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archiwizuj</translation>
    </message>
    <message>
        <source>Change history</source>
        <translation>Historia zmian</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>Nazwa skrócona</translation>
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
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Miejscowość</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>zarchiwizowany</translation>
    </message>
    <message numerus="yes">
        <source>expires in %n days</source>
        <comment>expires in %n day</comment>
        <translation>
            <numerusform>wygasa za %n dzień</numerusform>
            <numerusform>wygasa za %n dni</numerusform>
            <numerusform>wygasa za %n dni</numerusform>
        </translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktywne</translation>
    </message>
    <message>
        <source>Shown: {shown} of {total}</source>
        <translation>Widoczne: {shown} z {total}</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Pełna nazwa</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>aktywny</translation>
    </message>
    <message>
        <source>Add authorisation…</source>
        <translation>Dodaj pełnomocnictwo…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Odwołaj</translation>
    </message>
    <message>
        <source>Who may act for which payer (ZUS-PEL). Expiring ones are highlighted.</source>
        <translation>Kto może działać w imieniu którego płatnika (ZUS-PEL). Wygasające są wyróżnione.</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Płatnik</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation>Księgowy/księgowa</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Zakres</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Ważne od</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Ważne do</translation>
    </message>
    <message>
        <source>indefinite</source>
        <translation>bezterminowo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Sygnatura</translation>
    </message>
    <message>
        <source>Authorisations</source>
        <translation>Pełnomocnictwa</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>odwołane</translation>
    </message>
    <message>
        <source>not active</source>
        <translation>nieaktywne</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Przywróć</translation>
    </message>
    <message>
        <source>Archive payer</source>
        <translation>Archiwizacja płatnika</translation>
    </message>
    <message>
        <source>Archive {name}? The payer disappears from the lists; its documents and history are kept and it can be restored at any time.</source>
        <translation>Zarchiwizować {name}? Płatnik zniknie z list; jego dokumenty i historia zostaną zachowane, a przywrócić go można w każdej chwili.</translation>
    </message>
</context>
</TS>
