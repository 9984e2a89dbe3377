<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AbsenceDialog</name>
    <message>
        <source>Absence / benefit — {name}</source>
        <extracomment>codes seen in generators; ZUS&apos;s code list is the authority (see the domain notes) — not verified</extracomment>
        <translation>Nieobecność / świadczenie — {name}</translation>
    </message>
    <message>
        <source>optional, e.g. 1234,56</source>
        <translation>opcjonalnie, np. 1234,56</translation>
    </message>
    <message>
        <source>Benefit / absence code (3 digits)</source>
        <translation>Kod świadczenia / przerwy (3 cyfry)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Amount (PLN)</source>
        <translation>Kwota (zł)</translation>
    </message>
    <message>
        <source>The codes listed come from other programs and are not confirmed against ZUS&apos;s list; any 3-digit code can be typed.</source>
        <translation>Podane kody pochodzą z innych programów i nie zostały potwierdzone z wykazem ZUS; można wpisać dowolny kod 3-cyfrowy.</translation>
    </message>
</context>
<context>
    <name>DeregistrationDialog</name>
    <message>
        <source>Deregistration — {name}</source>
        <translation>Wyrejestrowanie — {name}</translation>
    </message>
    <message>
        <source>Deregistered from</source>
        <translation>Wyrejestrowanie od</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Przyczyna</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History — {name}</source>
        <translation>Historia — {name}</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Ważne od</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Title code</source>
        <translation>Kod tytułu</translation>
    </message>
    <message>
        <source>Working time</source>
        <translation>Wymiar czasu pracy</translation>
    </message>
    <message>
        <source>Gross pay</source>
        <translation>Wynagrodzenie brutto</translation>
    </message>
    <message>
        <source>Insured from – to</source>
        <translation>Ubezpieczony od – do</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Zapisano</translation>
    </message>
</context>
<context>
    <name>InsuredPage</name>
    <message>
        <source>Insured persons</source>
        <translation>Ubezpieczeni</translation>
    </message>
    <message>
        <source>Search by name or PESEL…</source>
        <translation>Szukaj po nazwisku lub numerze PESEL…</translation>
    </message>
    <message>
        <source>Add person…</source>
        <translation>Dodaj osobę…</translation>
    </message>
    <message>
        <source>Record a change…</source>
        <translation>Zapisz zmianę…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Historia…</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Import CSV…</translation>
    </message>
    <message>
        <source>Registration document…</source>
        <translation>Dokument zgłoszeniowy…</translation>
    </message>
    <message>
        <source>ZUA — registration for social and health insurance</source>
        <translation>ZUA — zgłoszenie do ubezpieczeń społecznych i zdrowotnego</translation>
    </message>
    <message>
        <source>ZZA — registration for health insurance only</source>
        <translation>ZZA — zgłoszenie tylko do ubezpieczenia zdrowotnego</translation>
    </message>
    <message>
        <source>ZWUA — deregistration</source>
        <translation>ZWUA — wyrejestrowanie z ubezpieczeń</translation>
    </message>
    <message>
        <source>ZIUA — change of identity data</source>
        <translation>ZIUA — zmiana danych identyfikacyjnych</translation>
    </message>
    <message>
        <source>Absence / benefit…</source>
        <translation>Nieobecność / świadczenie…</translation>
    </message>
    <message>
        <source>Payer:</source>
        <translation>Płatnik:</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nazwisko</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Imię</translation>
    </message>
    <message>
        <source>PESEL / document</source>
        <translation>PESEL / dokument</translation>
    </message>
    <message>
        <source>Title code</source>
        <translation>Kod tytułu</translation>
    </message>
    <message>
        <source>Working time</source>
        <translation>Wymiar czasu pracy</translation>
    </message>
    <message>
        <source>Gross pay</source>
        <translation>Wynagrodzenie brutto</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Record valid from</source>
        <translation>Zapis ważny od</translation>
    </message>
    <message>
        <source>Shown: {shown} of {total}</source>
        <translation>Widoczne: {shown} z {total}</translation>
    </message>
    <message>
        <source>Registration document</source>
        <translation>Dokument zgłoszeniowy</translation>
    </message>
    <message>
        <source>Select a person in the table first.</source>
        <translation>Najpierw zaznacz osobę w tabeli.</translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>Przygotowywanie dokumentu…</translation>
    </message>
    <message>
        <source>Absence / benefit</source>
        <translation>Nieobecność / świadczenie</translation>
    </message>
    <message>
        <source>Saved. It goes into ZUS RSA of the months it covers when the monthly set is built (Dokumenty → Build monthly set).</source>
        <translation>Zapisano. Trafi do ZUS RSA za miesiące, których dotyczy, przy tworzeniu zestawu miesięcznego (Dokumenty → Utwórz zestaw miesięczny).</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>{form} — {name}</source>
        <translation>{form} — {name}</translation>
    </message>
    <message>
        <source>— choose the branch —</source>
        <translation>— wybierz oddział —</translation>
    </message>
    <message>
        <source>e.g. POLSKIE</source>
        <translation>np. POLSKIE</translation>
    </message>
    <message>
        <source>NFZ branch</source>
        <translation>Oddział NFZ</translation>
    </message>
    <message>
        <source>Citizenship</source>
        <translation>Obywatelstwo</translation>
    </message>
    <message>
        <source>The sex is taken from the PESEL and the address from the register. What stays empty is shown by the verification and can be filled in on the form.</source>
        <translation>Płeć wynika z numeru PESEL, adres pochodzi z rejestru. To, co zostanie puste, wskaże weryfikacja — uzupełnisz to na formularzu.</translation>
    </message>
</context>
</TS>
